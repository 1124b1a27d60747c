package io.leadpipe.ingest.publish;

import io.leadpipe.ingest.config.ProducerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that parse, map and hand records to the producer. KafkaProducer#send can block
 * (metadata, full buffer, a registry lookup for a new schema), so it never runs on a Netty event
 * loop. The queue is bounded: when it is full the request gets 503 at once instead of piling up.
 */
@Singleton
public class IngestWorkers implements Executor {

  private final ThreadPoolExecutor pool;

  public IngestWorkers(ProducerSettings settings) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            settings.workerThreads(),
            settings.workerThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.workerQueue()),
            r -> {
              Thread t = new Thread(r, "ingest-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * @throws java.util.concurrent.RejectedExecutionException when every worker is busy and the queue
   *     is full
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  @PreDestroy
  void shutdown() {
    pool.shutdown();
  }
}
