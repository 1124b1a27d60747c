package io.leadpipe.dashboard.feed;

import static io.leadpipe.dashboard.testing.Records.decision;
import static io.leadpipe.dashboard.testing.Records.entered;
import static io.leadpipe.dashboard.testing.Records.hesitation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.dashboard.stats.DashboardSnapshot;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's reading rules on a MockConsumer: replay memberships first, skip what cannot be
 * decoded, never skip what the registry could not serve yet.
 */
class DashboardFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final DashboardFeed.Settings FAST =
      new DashboardFeed.Settings(
          Duration.ofHours(1),
          Duration.ofMillis(20),
          Duration.ofMillis(50),
          Duration.ofMillis(20),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5));
  private static final TopicPartition SEGMENT_CHANGES =
      new TopicPartition(Topics.SEGMENT_CHANGES.name(), 0);
  private static final TopicPartition HESITATIONS =
      new TopicPartition(Topics.HESITATIONS.name(), 0);
  private static final TopicPartition DECISIONS =
      new TopicPartition(Topics.FOLLOWUP_DECISIONS.name(), 0);

  private final DashboardStats stats = new DashboardStats(Instant.EPOCH, 10, 100, 10, 5);
  private final ObservedMockConsumer consumer = new ObservedMockConsumer();
  private DashboardFeed feed;

  @AfterEach
  void close() throws InterruptedException {
    if (feed != null) {
      feed.close();
    }
  }

  @Test
  void segmentMembershipsAreReplayedBeforeAnyCountedTopicIsRead() {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://feed-" + UUID.randomUUID());
    topicsWithOnePartition(Map.of(SEGMENT_CHANGES, 1L));
    // Written before the dashboard started: offset 0 of segment changes.
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                record(
                    SEGMENT_CHANGES,
                    0,
                    Topics.SEGMENT_CHANGES,
                    registry,
                    entered("v1", "bargain", "Bargain hunters"))));
    feed = start(registry);

    await().atMost(WAIT).until(() -> consumer.assignment().contains(HESITATIONS));
    assertThat(consumer.trackedVisitorsAtAssignment)
        .as("memberships known before counting starts")
        .containsEntry(SEGMENT_CHANGES, 0)
        .containsEntry(HESITATIONS, 1)
        .containsEntry(DECISIONS, 1);

    consumer.addRecord(
        record(
            HESITATIONS,
            0,
            Topics.HESITATIONS,
            registry,
            hesitation("v1", HesitationStatus.DETECTED, HesitationReason.PRICE)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(stats.snapshot(Instant.now()).hesitationReasons().bySegment())
                    .singleElement()
                    .satisfies(s -> assertThat(s.reasons()).isEqualTo(Map.of("PRICE", 1L))));
  }

  @Test
  void aRecordThatCannotBeDecodedIsCountedAndSkipped() {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://feed-" + UUID.randomUUID());
    topicsWithOnePartition(Map.of());
    feed = start(registry);
    await().atMost(WAIT).until(() -> consumer.assignment().contains(DECISIONS));

    consumer.addRecord(new ConsumerRecord<>(DECISIONS.topic(), 0, 0, "v1", "not avro".getBytes()));
    consumer.addRecord(
        record(
            DECISIONS,
            1,
            Topics.FOLLOWUP_DECISIONS,
            registry,
            decision("v1", DecisionOutcome.SENT, DecisionReason.OK, FollowupPlay.REMINDER, null)));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              DashboardSnapshot s = stats.snapshot(Instant.now());
              assertThat(s.feed().undecodable()).isEqualTo(1);
              assertThat(s.followups().sent().total()).isEqualTo(1);
            });
  }

  @Test
  void whileTheRegistryIsDownARecordWaitsAndIsCountedOnceItIsBack() {
    DevSchemaRegistry before = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
    int port = before.port();
    Map<String, Object> registry = Map.of("schema.registry.url", before.url());
    byte[] hesitation =
        Topics.HESITATIONS
            .valueSerde(registry)
            .serializer()
            .serialize(
                HESITATIONS.topic(),
                hesitation("v1", HesitationStatus.DETECTED, HesitationReason.QUALITY));
    before.close();

    topicsWithOnePartition(Map.of());
    feed = start(registry);
    await().atMost(WAIT).until(() -> consumer.assignment().contains(HESITATIONS));
    consumer.addRecord(new ConsumerRecord<>(HESITATIONS.topic(), 0, 0, "v1", hesitation));

    // Registry down: the record is neither counted nor given up as undecodable.
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(
            () -> {
              DashboardSnapshot s = stats.snapshot(Instant.now());
              return s.hesitationReasons().total() == 0 && s.feed().undecodable() == 0;
            });

    // Back on the same address with its schemas, as a registry backed by its topic comes back: the
    // feed is held off the partition (and any read in flight finished) until the schema is in the
    // fresh store, which gives it the same id (1).
    consumer.pause(List.of(HESITATIONS));
    int polls = consumer.polls.get();
    await().atMost(WAIT).until(() -> consumer.polls.get() >= polls + 2);
    try (DevSchemaRegistry after =
        DevSchemaRegistry.start(
            new DevSchemaRegistryConfig(DevSchemaRegistryConfig.DEFAULT_HOST, port, null, null))) {
      Topics.HESITATIONS
          .valueSerde(registry)
          .serializer()
          .serialize(
              HESITATIONS.topic(),
              hesitation("v2", HesitationStatus.DETECTED, HesitationReason.QUALITY));
      consumer.resume(List.of(HESITATIONS));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                DashboardSnapshot s = stats.snapshot(Instant.now());
                assertThat(s.hesitationReasons().overall()).isEqualTo(Map.of("QUALITY", 1L));
                assertThat(s.feed().undecodable()).isZero();
              });
    }
  }

  /**
   * Kafka's MockConsumer has no offsetsForTimes: here every partition's records all lie within the
   * lookback. It also notes how many visitors' memberships the feed knew when each partition was
   * assigned to it.
   */
  private final class ObservedMockConsumer extends MockConsumer<String, byte[]> {
    private final Map<TopicPartition, Integer> trackedVisitorsAtAssignment =
        new ConcurrentHashMap<>();

    /** Polls the feed has made: one more after a pause means its last read has finished. */
    final AtomicInteger polls = new AtomicInteger();

    ObservedMockConsumer() {
      super("earliest");
    }

    /** Every record added, so a seek back delivers them again, as a broker would. */
    private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();

    /** Per partition, the offset after the last record delivered. */
    private final Map<TopicPartition, Long> delivered = new HashMap<>();

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
      polls.incrementAndGet();
      ConsumerRecords<String, byte[]> records = super.poll(timeout);
      for (ConsumerRecord<String, byte[]> r : records) {
        delivered.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
      }
      return records;
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
      log.add(record);
      super.addRecord(record);
    }

    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
      super.seek(partition, offset);
      long deliveredUpTo = delivered.getOrDefault(partition, 0L);
      for (ConsumerRecord<String, byte[]> r : log) {
        if (r.topic().equals(partition.topic())
            && r.partition() == partition.partition()
            && r.offset() >= offset
            && r.offset() < deliveredUpTo) {
          super.addRecord(r);
        }
      }
      delivered.put(partition, Math.min(deliveredUpTo, offset));
    }

    @Override
    public synchronized void assign(Collection<TopicPartition> partitions) {
      int tracked = stats.snapshot(Instant.now()).feed().trackedVisitors();
      partitions.forEach(tp -> trackedVisitorsAtAssignment.putIfAbsent(tp, tracked));
      super.assign(partitions);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
        Map<TopicPartition, Long> times, Duration timeout) {
      Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
      times.forEach((tp, time) -> found.put(tp, new OffsetAndTimestamp(0, time)));
      return found;
    }
  }

  private DashboardFeed start(Map<String, Object> registry) {
    DashboardFeed f = new DashboardFeed(consumer, registry, stats, Clock.systemUTC(), FAST);
    f.start();
    return f;
  }

  /**
   * One partition per routed topic, starting at 0; {@code ends} for those already holding records.
   */
  private void topicsWithOnePartition(Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> beginnings = new HashMap<>();
    Map<TopicPartition, Long> endOffsets = new HashMap<>();
    for (Topic<?> topic :
        List.of(
            Topics.SEGMENT_CHANGES,
            Topics.HESITATIONS,
            Topics.FOLLOWUP_DECISIONS,
            Topics.WEB_EVENTS)) {
      consumer.updatePartitions(
          topic.name(), List.of(new PartitionInfo(topic.name(), 0, null, null, null)));
      TopicPartition tp = new TopicPartition(topic.name(), 0);
      beginnings.put(tp, 0L);
      endOffsets.put(tp, ends.getOrDefault(tp, 0L));
    }
    consumer.updateBeginningOffsets(beginnings);
    consumer.updateEndOffsets(endOffsets);
  }

  private static <V extends SpecificRecord> ConsumerRecord<String, byte[]> record(
      TopicPartition tp, long offset, Topic<V> topic, Map<String, Object> registry, V value) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        offset,
        "key",
        topic.valueSerde(registry).serializer().serialize(tp.topic(), value));
  }
}
