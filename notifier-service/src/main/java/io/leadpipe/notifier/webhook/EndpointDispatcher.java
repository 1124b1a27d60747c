package io.leadpipe.notifier.webhook;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: each endpoint reads leadpipe.followup-triggers in its own consumer group, delivers each
 * visitor's triggers in order on up to {@code concurrency} workers, dead-letters what fails
 * maxAttempts times, and commits a batch only once every record in it is delivered or dead-lettered
 * (at-least-once; receivers dedupe by Idempotency-Key).
 */
public final class EndpointDispatcher implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointDispatcher.class);
  static final String DEAD_LETTER_REASON = "webhook-delivery-failed";

  private final WebhookEndpoint endpoint;
  private final Consumer<String, FollowupTrigger> consumer;
  private final Producer<String, DeadLetter> deadLetters;
  private final WebhookDelivery delivery;
  private final Clock clock;
  private final ExecutorService workers;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final DeliveryListener listener;

  /** Told about each final outcome (metrics). */
  @FunctionalInterface
  public interface DeliveryListener {
    void onOutcome(String endpoint, WebhookDelivery.Outcome outcome);
  }

  public EndpointDispatcher(
      WebhookEndpoint endpoint,
      Consumer<String, FollowupTrigger> consumer,
      Producer<String, DeadLetter> deadLetters,
      WebhookDelivery delivery,
      Clock clock,
      DeliveryListener listener) {
    this.endpoint = endpoint;
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.delivery = delivery;
    this.clock = clock;
    this.listener = listener;
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, endpoint.concurrency()),
            r -> {
              Thread t = new Thread(r, "webhook-" + endpoint.name());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The consumer group of an endpoint: its own, so its offsets and lag never depend on another
   * endpoint.
   */
  public static String groupId(String applicationId, WebhookEndpoint endpoint) {
    return applicationId + "-webhook-" + endpoint.name();
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(Topics.FOLLOWUP_TRIGGERS.name()));
    try {
      while (running.get()) {
        ConsumerRecords<String, FollowupTrigger> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty()) {
          continue;
        }
        try {
          deliverBatch(batch);
          consumer.commitSync(nextOffsets(batch));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException | ExecutionException e) {
          // Nothing of this batch is committed: rewind so it is delivered again (receivers dedupe).
          LOG.error("webhook {}: batch failed, rewinding to the last commit", endpoint.name(), e);
          rewind(batch.partitions());
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close();
      workers.shutdownNow();
    }
  }

  /** Per visitor in order; visitors in parallel, at most {@code concurrency} at once. */
  private void deliverBatch(ConsumerRecords<String, FollowupTrigger> batch)
      throws InterruptedException, ExecutionException {
    Map<String, List<ConsumerRecord<String, FollowupTrigger>>> byVisitor = new LinkedHashMap<>();
    for (ConsumerRecord<String, FollowupTrigger> r : batch) {
      byVisitor.computeIfAbsent(String.valueOf(r.key()), k -> new ArrayList<>()).add(r);
    }
    List<Future<?>> pending = new ArrayList<>();
    for (List<ConsumerRecord<String, FollowupTrigger>> records : byVisitor.values()) {
      pending.add(
          workers.submit(
              () -> {
                for (ConsumerRecord<String, FollowupTrigger> r : records) {
                  deliverOne(r);
                }
                return null;
              }));
    }
    for (Future<?> f : pending) {
      f.get();
    }
  }

  private void deliverOne(ConsumerRecord<String, FollowupTrigger> r) throws Exception {
    if (r.value() == null) {
      return;
    }
    String triggerId = r.value().getTriggerId();
    String body = WebhookPayload.toJson(r.value());
    WebhookDelivery.Outcome outcome = delivery.deliver(triggerId, body);
    listener.onOutcome(endpoint.name(), outcome);
    if (outcome.delivered()) {
      return;
    }
    LOG.warn(
        "webhook {}: {} dead-lettered after {} attempts",
        endpoint.name(),
        triggerId,
        outcome.attempts());
    Map<String, String> details = new HashMap<>();
    details.put("endpoint", endpoint.name());
    details.put("triggerId", triggerId);
    details.put("attempts", Integer.toString(outcome.attempts()));
    details.put("lastStatus", Integer.toString(outcome.lastStatus()));
    DeadLetter dl =
        DeadLetter.newBuilder()
            .setApplication("notifier-service")
            .setSource("webhook:" + endpoint.name())
            .setTopic(r.topic())
            .setPartition(r.partition())
            .setOffset(r.offset())
            .setReason(DEAD_LETTER_REASON)
            .setErrorMessage(outcome.lastError() == null ? "undelivered" : outcome.lastError())
            .setFailedAt(clock.instant())
            .setOriginalValue(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
            .setDetails(details)
            .build();
    // Wait for the broker: the offset may only be committed once the dead letter is safely stored.
    deadLetters.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.key(), dl)).get();
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<?, ?> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : batch.partitions()) {
      List<? extends ConsumerRecord<?, ?>> rs = batch.records(tp);
      offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private void rewind(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      if (c != null) {
        consumer.seek(tp, c);
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
