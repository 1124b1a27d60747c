package io.leadpipe.ingest.publish;

import io.leadpipe.ingest.config.ProducerSettings;
import io.leadpipe.ingest.enrichment.IpAnonymizer;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to the producer and tells when Kafka acknowledged all of them. Callers answer
 * success only when the returned future completes normally; any failure (timeout, unreachable
 * cluster, registry down) fails it, and the request gets 503.
 */
@Singleton
public class EventPublisher {

  public static final String APPLICATION = "ingest-service";

  /** Every topic ingest writes; each record type needs its schema id from the registry. */
  public static final List<Topic<?>> WRITTEN_TOPICS =
      List.of(
          Topics.WEB_EVENTS,
          Topics.SOCIAL_EVENTS,
          Topics.IDENTITIES,
          Topics.DEAD_LETTERS,
          Topics.DEAD_LETTER_REPLAYS);

  /** Dead-letter details ingest writes ({@link #details}); a replay reads them back. */
  public static final String DETAIL_INDEX = "index";

  public static final String DETAIL_CALL_TYPE = "callType";
  public static final String DETAIL_MESSAGE_ID = "messageId";
  public static final String DETAIL_SOURCE_NAME = "sourceName";
  public static final String DETAIL_BATCH_SENT_AT = "batchSentAt";
  public static final String DETAIL_BATCH_CONTEXT = "batchContext";
  public static final String DETAIL_USER_AGENT = "userAgent";
  public static final String DETAIL_CLIENT_IP = "clientIp";

  /**
   * Requests whose rejected events wait to be dead-lettered; beyond it they are counted as failed.
   */
  private static final int DEAD_LETTER_QUEUE = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaProducer<String, SpecificRecord> producer;
  private final IngestMetrics metrics;
  private final ProducerSettings settings;
  private final ThreadPoolExecutor deadLetterSender = deadLetterSender();

  public EventPublisher(
      KafkaProducer<String, SpecificRecord> producer,
      IngestMetrics metrics,
      ProducerSettings settings) {
    this.producer = producer;
    this.metrics = metrics;
    this.settings = settings;
  }

  /**
   * Sends the records in order (one visitor's events keep their order within a partition) and
   * completes when every one is acknowledged. Runs on an ingest worker: send() may block up to
   * max.block.ms.
   */
  public CompletableFuture<Void> publish(List<MappedEvent.Accepted> events) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
    for (int i = 0; i < events.size(); i++) {
      MappedEvent.Accepted event = events.get(i);
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks[i] = ack;
      String topic = event.topic().name();
      long start = System.nanoTime();
      try {
        producer.send(
            new ProducerRecord<>(topic, event.key(), event.value()),
            (metadata, error) -> {
              if (error != null) {
                ack.completeExceptionally(error);
              } else {
                metrics.produceLatency(topic, System.nanoTime() - start);
                ack.complete(null);
              }
            });
      } catch (RuntimeException e) {
        // send() itself failed (no metadata within max.block.ms, serialization, registry): the rest
        // would wait as long again, so the request fails now.
        ack.completeExceptionally(e);
        for (int j = i + 1; j < events.size(); j++) {
          acks[j] = CompletableFuture.failedFuture(e);
        }
        break;
      }
    }
    return CompletableFuture.allOf(acks)
        .handle(
            (ok, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                throw new PublishFailedException(
                    PublishFailedException.isSchemaRegistryFailure(cause)
                        ? "the schema registry did not give a schema id"
                        : "Kafka did not acknowledge: " + cause.getClass().getSimpleName(),
                    cause);
              }
              return null;
            });
  }

  /**
   * Records rejected events on leadpipe.dead-letters with the reason and the original bytes. Best
   * effort and off the request path (its own thread, bounded queue): the client is told why its
   * event was rejected in the answer, so a dead letter that cannot be written is counted and
   * logged, never turned into an error or a delay for the request.
   */
  public void deadLetter(List<MappedEvent.Rejected> rejected, RequestMeta meta) {
    try {
      deadLetterSender.execute(() -> sendDeadLetters(rejected, meta));
    } catch (RejectedExecutionException e) {
      rejected.forEach(r -> metrics.deadLetterFailed());
      LOG.warn(
          "{} rejected event(s) not dead-lettered: the dead-letter queue is full", rejected.size());
    }
  }

  private void sendDeadLetters(List<MappedEvent.Rejected> rejected, RequestMeta meta) {
    for (MappedEvent.Rejected r : rejected) {
      DeadLetter letter =
          DeadLetter.newBuilder()
              .setApplication(APPLICATION)
              .setSource(meta.endpoint() + " source=" + meta.source())
              .setTopic(null)
              .setReason(r.reason())
              .setErrorMessage(
                  r.violations().stream().map(Object::toString).collect(Collectors.joining("; ")))
              .setFailedAt(meta.receivedAt())
              .setOriginalValue(r.original() == null ? null : ByteBuffer.wrap(r.original()))
              .setDetails(details(r, meta))
              .build();
      try {
        producer.send(
            new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.key(), letter),
            (metadata, error) -> {
              if (error != null) {
                metrics.deadLetterFailed();
                LOG.warn(
                    "A rejected event could not be written to the dead letters: {}",
                    error.getClass().getSimpleName());
              }
            });
      } catch (RuntimeException e) {
        metrics.deadLetterFailed();
        LOG.warn(
            "A rejected event could not be written to the dead letters: {}",
            e.getClass().getSimpleName());
      }
    }
  }

  /**
   * What a replay needs besides the original JSON to read the event as it was read: the source name
   * (never its key), a batch's context and sentAt, the User-Agent header and the client address,
   * anonymised (an event carries no more of it).
   */
  static Map<String, String> details(MappedEvent.Rejected r, RequestMeta meta) {
    Map<String, String> details = new HashMap<>();
    details.put(DETAIL_INDEX, Integer.toString(r.index()));
    details.put(DETAIL_CALL_TYPE, r.callType());
    details.put(DETAIL_MESSAGE_ID, r.messageId() == null ? "" : r.messageId());
    details.put(DETAIL_SOURCE_NAME, meta.source());
    if (meta.batchSentAt() != null) {
      details.put(DETAIL_BATCH_SENT_AT, meta.batchSentAt().toString());
    }
    if (meta.batchContext() != null && meta.batchContext().isObject()) {
      details.put(DETAIL_BATCH_CONTEXT, meta.batchContext().toString());
    }
    if (meta.userAgentHeader() != null) {
      details.put(DETAIL_USER_AGENT, meta.userAgentHeader());
    }
    String address = IpAnonymizer.anonymize(meta.clientIp());
    if (address != null) {
      details.put(DETAIL_CLIENT_IP, address);
    }
    return details;
  }

  private static ThreadPoolExecutor deadLetterSender() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(DEAD_LETTER_QUEUE),
        r -> {
          Thread t = new Thread(r, "ingest-dead-letters");
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  @PreDestroy
  void close() {
    deadLetterSender.shutdown();
    producer.close(settings.closeTimeout());
  }
}
