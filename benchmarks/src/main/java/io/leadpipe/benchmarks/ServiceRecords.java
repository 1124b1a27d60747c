package io.leadpipe.benchmarks;

import io.leadpipe.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * What the scoring service wrote per event ingested during one latency run: its changelogs and the
 * scoring topology's outputs, read back read-committed between the end offsets before and after the
 * run, divided by the events ingest wrote in that time. The throughput phase counts the same for a
 * backlog processed as fast as possible, where a slot publishes hundreds of visitors per task and
 * their counter moves fold into one write per key; at a steady rate a slot publishes one or two
 * visitors per task, so what one publish writes is what the machine pays for. Repartition topics
 * are left out: Streams purges them once consumed, and the service's producer counts are not read
 * from outside.
 */
final class ServiceRecords {

  /** What ingest writes: the events a run sends. */
  private static final List<String> INGESTED =
      List.of(Topics.WEB_EVENTS.name(), Topics.SOCIAL_EVENTS.name(), Topics.IDENTITIES.name());

  private final RawKafka raw;
  private final String prefix;
  private final List<String> topics;
  private final Map<TopicPartition, Long> before;

  private ServiceRecords(
      RawKafka raw, String prefix, List<String> topics, Map<TopicPartition, Long> before) {
    this.raw = raw;
    this.prefix = prefix;
    this.topics = topics;
    this.before = before;
  }

  /** The end offsets now of the ingested topics, the service's changelogs and {@code outputs}. */
  static ServiceRecords before(
      RawKafka raw, String bootstrap, String applicationId, Collection<String> outputs)
      throws ExecutionException, InterruptedException {
    String prefix = applicationId + "-";
    List<String> topics = new ArrayList<>(INGESTED);
    try (Admin admin = BenchmarkHarness.admin(bootstrap)) {
      admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(prefix) && t.endsWith(BenchmarkHarness.CHANGELOG_SUFFIX))
          .sorted()
          .forEach(topics::add);
    }
    outputs.stream().filter(t -> !topics.contains(t)).sorted().forEach(topics::add);
    return new ServiceRecords(raw, prefix, topics, raw.endOffsets(topics));
  }

  /** One row for the total per event ingested since {@link #before}, one per topic written to. */
  void report(Report report, String at) {
    Map<String, Long> counts = raw.countRecords(before, raw.endOffsets(topics));
    double ingested = INGESTED.stream().mapToLong(t -> counts.getOrDefault(t, 0L)).sum();
    if (ingested == 0) {
      return;
    }
    List<String> written = topics.stream().filter(t -> !INGESTED.contains(t)).toList();
    long total = written.stream().mapToLong(t -> counts.getOrDefault(t, 0L)).sum();
    report.figure(
        "records",
        "scoring-stream wrote per event ingested"
            + at
            + " ("
            + total
            + " records on changelogs and outputs, "
            + (long) ingested
            + " events)",
        total / ingested,
        "records");
    for (String topic : written) {
      long count = counts.getOrDefault(topic, 0L);
      if (count > 0) {
        String label =
            topic.startsWith(prefix)
                ? "changelog "
                    + BenchmarkHarness.strip(topic, prefix, BenchmarkHarness.CHANGELOG_SUFFIX)
                : "output " + topic;
        report.figure("records", "  " + label, count / ingested, "records");
      }
    }
  }
}
