package io.leadpipe.notifier.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Reads leadpipe.followup-triggers and leadpipe.followup-decisions as a downstream system does
 * (read_committed, from the beginning) and keeps the records of one test run (hesitation ids with
 * the run's prefix), so a test can count what was emitted, what is missing and what came twice — in
 * the spirit of Kafka's own exactly-once verifiers.
 */
public final class FollowupVerifier implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaTestEnvironment env;
  private final String hesitationPrefix;
  private final List<FollowupTrigger> triggers = new CopyOnWriteArrayList<>();
  private final List<FollowupDecision> decisions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean reading = new AtomicBoolean(true);

  /** Why the reader stopped before {@link #close()}: a test then fails with it, not a timeout. */
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private final Thread reader;

  public FollowupVerifier(KafkaTestEnvironment env, String hesitationPrefix) {
    this.env = env;
    this.hesitationPrefix = hesitationPrefix;
    KafkaConsumer<String, FollowupTrigger> t =
        env.consumer(
            "verify-t-" + UUID.randomUUID(),
            Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
            Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).deserializer());
    KafkaConsumer<String, FollowupDecision> d =
        env.consumer(
            "verify-d-" + UUID.randomUUID(),
            Topics.FOLLOWUP_DECISIONS.keySerde().deserializer(),
            Topics.FOLLOWUP_DECISIONS.valueSerde(env.registryConfig()).deserializer());
    t.subscribe(Set.of(Topics.FOLLOWUP_TRIGGERS.name()));
    d.subscribe(Set.of(Topics.FOLLOWUP_DECISIONS.name()));
    reader =
        new Thread(
            () -> {
              try (t;
                  d) {
                while (reading.get()) {
                  t.poll(POLL)
                      .forEach(
                          r -> {
                            if (ours(r.value().getHesitationId())) {
                              triggers.add(r.value());
                            }
                          });
                  d.poll(POLL)
                      .forEach(
                          r -> {
                            if (ours(r.value().getHesitationId())) {
                              decisions.add(r.value());
                            }
                          });
                }
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "followup-verifier");
    reader.start();
  }

  private boolean ours(CharSequence hesitationId) {
    return hesitationId != null && hesitationId.toString().startsWith(hesitationPrefix);
  }

  public List<FollowupTrigger> triggers() {
    requireReading();
    return List.copyOf(triggers);
  }

  public List<FollowupDecision> decisions() {
    requireReading();
    return List.copyOf(decisions);
  }

  /**
   * Each of {@code triggerIds}' decisions so far as "outcome reason" (a step not sent yet but
   * decided shows why), "none" for a step with no decision yet.
   */
  public Map<String, String> decisionsOf(Set<String> triggerIds) {
    Map<String, String> found = new TreeMap<>();
    triggerIds.forEach(id -> found.put(id, "none"));
    for (FollowupDecision d : decisions()) {
      String id = String.valueOf(d.getTriggerId());
      if (found.containsKey(id)) {
        found.put(id, d.getOutcome() + " " + d.getReason());
      }
    }
    return found;
  }

  /** Distinct trigger ids emitted so far. */
  public Set<String> triggerIds() {
    requireReading();
    return triggers.stream().map(FollowupTrigger::getTriggerId).collect(Collectors.toSet());
  }

  private void requireReading() {
    Throwable cause = failure.get();
    if (cause != null) {
      throw new IllegalStateException("the verifier stopped reading", cause);
    }
  }

  /** Trigger ids that were emitted more than once, with how often. */
  public Map<String, Long> duplicateTriggers() {
    return duplicates(triggers(), FollowupTrigger::getTriggerId);
  }

  /**
   * SENT decisions (one per follow-up that went out) that were emitted more than once, by decision
   * id.
   */
  public Map<String, Long> duplicateSentDecisions() {
    return duplicates(
        decisions().stream().filter(d -> d.getOutcome() == DecisionOutcome.SENT).toList(),
        FollowupDecision::getDecisionId);
  }

  private static <T> Map<String, Long> duplicates(List<T> records, Function<T, String> id) {
    Map<String, Long> counts =
        records.stream().collect(Collectors.groupingBy(id, TreeMap::new, Collectors.counting()));
    counts.values().removeIf(n -> n < 2);
    return counts;
  }

  /**
   * Trigger records of this run on the topic including those of aborted transactions
   * (read_uncommitted, to the end): what a reader that ignores transactions would have seen.
   */
  public int triggerRecordsIncludingAborted() {
    Map<String, Object> props = new HashMap<>(env.consumerProps("verify-u-" + UUID.randomUUID()));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    int[] count = {0};
    try (KafkaConsumer<String, FollowupTrigger> consumer =
        new KafkaConsumer<>(
            props,
            Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
            Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topics.FOLLOWUP_TRIGGERS.name())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Awaitility.await("reading the triggers to their end")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, FollowupTrigger> r : consumer.poll(POLL)) {
                  if (ours(r.value().getHesitationId())) {
                    count[0]++;
                  }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return count[0];
  }

  @Override
  public void close() throws InterruptedException {
    reading.set(false);
    reader.join(Duration.ofSeconds(10).toMillis());
  }
}
