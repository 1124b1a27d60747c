package io.leadpipe.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What operators watch: events accepted (by call type) and rejected (by call type and reason), and
 * how long Kafka takes to acknowledge a record (by topic). Tags are small fixed sets (never event
 * names or sources), so cardinality stays bounded.
 */
@Singleton
public class IngestMetrics {

  public static final String ACCEPTED = "leadpipe.ingest.events.accepted";
  public static final String REJECTED = "leadpipe.ingest.events.rejected";
  public static final String PRODUCE_LATENCY = "leadpipe.ingest.produce.latency";
  public static final String DEAD_LETTER_FAILURES = "leadpipe.ingest.dead-letters.failed";

  /**
   * The call type of request-level rejections (bad key, too large, bad JSON) where no event was
   * read.
   */
  public static final String REQUEST = "request";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void accepted(String callType, int count) {
    counters
        .computeIfAbsent(
            ACCEPTED + "|" + callType,
            k ->
                Counter.builder(ACCEPTED)
                    .description("Events acknowledged by Kafka and answered with success")
                    .tag("type", callType)
                    .register(registry))
        .increment(count);
  }

  public void rejected(String callType, String reason, int count) {
    counters
        .computeIfAbsent(
            REJECTED + "|" + callType + "|" + reason,
            k ->
                Counter.builder(REJECTED)
                    .description("Events or requests not accepted, by reason")
                    .tag("type", callType)
                    .tag("reason", reason)
                    .register(registry))
        .increment(count);
  }

  public void deadLetterFailed() {
    counters
        .computeIfAbsent(
            DEAD_LETTER_FAILURES,
            k ->
                Counter.builder(DEAD_LETTER_FAILURES)
                    .description("Rejected events that could not be written to the dead letters")
                    .register(registry))
        .increment();
  }

  public void produceLatency(String topic, long nanos) {
    timers
        .computeIfAbsent(
            topic,
            t ->
                Timer.builder(PRODUCE_LATENCY)
                    .description("From send to Kafka acknowledgement")
                    .tag("topic", t)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry))
        .record(Duration.ofNanos(nanos));
  }
}
