package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.hesitation.reason.ReasonRules;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.service.stats.Proportion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reason inference measured on the demo's shoppers: their visits, as the demo plans them, go
 * through ingest's mappers and the hesitation detector (the demo's fast windows) on a
 * TopologyTestDriver; each detected hesitation's primary reason is compared with the shopper's true
 * reason, which is what the demo's shoppers state when asked. The figures are the ones in
 * docs/hesitations.md (Reason accuracy); a change of the default reason rules that moves them shows
 * here.
 */
class DemoReasonAccuracyTest {

  private static final String SHOP = "http://localhost:8080/demo/shop.html";
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final long SEED = 20261203L;
  private static final int SHOPPERS = 200;

  /** Arrivals this far apart: the demo's default rate gives a few shoppers a second. */
  private static final Duration ARRIVAL_GAP = Duration.ofSeconds(2);

  /** Long enough after the last call for every fast-demo idle window to end. */
  private static final Duration SETTLE = Duration.ofMinutes(45);

  /**
   * The wall clock follows the calls in steps of at least this (the detector's timers are coarser:
   * fast-demo windows are 10 s and more), so the run does not stop at every call.
   */
  private static final Duration CLOCK_STEP = Duration.ofSeconds(1);

  /**
   * The wall clock moves on in steps of this once the calls are in: a detection is at most this
   * late, which changes no reason.
   */
  private static final Duration SETTLE_STEP = Duration.ofSeconds(5);

  @TempDir Path stateDir;

  private final IngestedCalls ingested = new IngestedCalls();

  /** Inferred primary reason per true reason, over the first detection of each shopper. */
  record Measurement(Map<HesitationReason, Map<HesitationReason, Long>> matrix) {

    long answered() {
      return matrix.values().stream().flatMap(r -> r.values().stream()).mapToLong(n -> n).sum();
    }

    long correct() {
      return matrix.entrySet().stream()
          .mapToLong(e -> e.getValue().getOrDefault(e.getKey(), 0L))
          .sum();
    }

    Proportion accuracy() {
      return Proportion.wilson(correct(), answered(), Proportion.Z_95);
    }
  }

  @Test
  void theDefaultRulesInferTheDemoShoppersReasonsAsDocumented() {
    Measurement m = measure(ReasonRules.defaults());
    System.out.printf(
        "[demo-reason-accuracy] %d of %d (%.3f, 95%% %.3f-%.3f) %s%n",
        m.correct(),
        m.answered(),
        m.accuracy().estimate(),
        m.accuracy().lower(),
        m.accuracy().upper(),
        m.matrix());

    // Every shopper whose behaviour shows their reason is inferred right; the silent abandoners,
    // who show
    // nothing and state OTHER, are UNKNOWN: the only misses.
    assertThat(m.matrix())
        .allSatisfy(
            (stated, row) ->
                assertThat(row)
                    .containsOnlyKeys(
                        stated == HesitationReason.OTHER ? HesitationReason.UNKNOWN : stated));
    assertThat(m.answered()).isEqualTo(136);
    assertThat(m.correct()).isEqualTo(118);
  }

  private Measurement measure(ReasonRules reasons) {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://demo-reasons-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "demo-reasons");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(UUID.randomUUID().toString()).toString());
    HesitationConfig config =
        new HesitationConfig(
            HesitationConfig.fastDemo().detection(), reasons, HesitationConfig.fastDemo().tick());
    Map<String, HesitationReason> trueReasons = new HashMap<>();
    List<Timed> timeline = new ArrayList<>();
    ShopperFactory factory = new ShopperFactory(new Random(SEED));
    Random journeys = new Random(SEED + 1);
    for (int i = 0; i < SHOPPERS; i++) {
      Shopper shopper = factory.next();
      Instant arrival = T0.plus(ARRIVAL_GAP.multipliedBy(i));
      if (shopper.persona().hesitates()) {
        trueReasons.put(shopper.visitorId(), shopper.persona().trueReason());
      }
      for (DemoCall call :
          ShopperJourney.plan(
              shopper,
              SHOP,
              DemoTraffic.Settings.MIN_THINK_MS,
              DemoTraffic.Settings.MAX_THINK_MS,
              journeys)) {
        timeline.add(new Timed(arrival.plusMillis(call.offsetMs()), call));
      }
    }
    timeline.sort(Comparator.comparing(Timed::at));

    Map<String, HesitationReason> inferred = new HashMap<>();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            new HesitationTopology(config, registry, BuiltInDslStoreSuppliers.IN_MEMORY).build(),
            props,
            T0)) {
      TestInputTopic<String, WebEvent> webIn =
          driver.createInputTopic(
              Topics.WEB_EVENTS.name(),
              new StringSerializer(),
              Topics.WEB_EVENTS.valueSerde(registry).serializer());
      TestInputTopic<String, SocialEvent> socialIn =
          driver.createInputTopic(
              Topics.SOCIAL_EVENTS.name(),
              new StringSerializer(),
              Topics.SOCIAL_EVENTS.valueSerde(registry).serializer());
      TestOutputTopic<String, Hesitation> out =
          driver.createOutputTopic(
              Topics.HESITATIONS.name(),
              Topics.HESITATIONS.keySerde().deserializer(),
              Topics.HESITATIONS.valueSerde(registry).deserializer());
      Instant clock = T0;
      for (Timed t : timeline) {
        if (!t.at().isBefore(clock.plus(CLOCK_STEP))) {
          driver.advanceWallClockTime(Duration.between(clock, t.at()));
          clock = t.at();
        }
        MappedEvent.Accepted mapped = map(t);
        if (mapped.value() instanceof WebEvent e) {
          webIn.pipeInput(mapped.key(), e, e.getEventTime());
        } else if (mapped.value() instanceof SocialEvent e) {
          socialIn.pipeInput(mapped.key(), e, e.getEventTime());
        }
      }
      for (Instant end = clock.plus(SETTLE); clock.isBefore(end); clock = clock.plus(SETTLE_STEP)) {
        driver.advanceWallClockTime(SETTLE_STEP);
      }
      out.readValuesToList().stream()
          .filter(h -> h.getStatus() == HesitationStatus.DETECTED)
          .forEach(h -> inferred.putIfAbsent(h.getVisitorId(), h.getPrimaryReason()));
    }
    Map<HesitationReason, Map<HesitationReason, Long>> matrix =
        new EnumMap<>(HesitationReason.class);
    trueReasons.forEach(
        (visitor, stated) -> {
          HesitationReason guess = inferred.get(visitor);
          if (guess != null) {
            matrix
                .computeIfAbsent(stated, r -> new EnumMap<>(HesitationReason.class))
                .merge(guess, 1L, Long::sum);
          }
        });
    return new Measurement(matrix);
  }

  private record Timed(Instant at, DemoCall call) {}

  /** The call through the mappers ingest uses for it, sent and received at its time. */
  private MappedEvent.Accepted map(Timed t) {
    return ingested.acceptAt(t.call(), t.at());
  }
}
