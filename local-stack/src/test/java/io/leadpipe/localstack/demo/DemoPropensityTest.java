package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.schemas.propensity.HoldoutEvaluation;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Purchase propensity learned from the demo's shoppers (issue 19): seeded shoppers arrive over
 * simulated weeks, their calls go through ingest's mappers into the production scoring topology
 * with the default settings, and the serving model's holdout figures on leadpipe.propensity-models
 * are what the demo corpus lets the model learn: better than the base rate and honest about it,
 * though the demo's one-visit shoppers leave little to rank. The figures are in docs/scoring.md
 * ("Measured on the demo corpus").
 */
class DemoPropensityTest {

  private static final long SEED = 20261203L;
  private static final int SHOPPERS = 1_000;
  private static final Duration ARRIVALS_OVER = Duration.ofDays(42);
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final String SHOP = "http://localhost:8080/demo/shop.html";
  private static final ScoringConfig CONFIG = ScoringConfig.defaults();

  /** The holdout the serving version's figures are on: enough for deciles of 50 examples. */
  private static final int MIN_HOLDOUT = 500;

  private static final double BRIER_AGAINST_BASE_RATE = 0.98;
  private static final double MIN_AUC = 0.58;
  private static final double CALIBRATION_TOLERANCE = 0.05;

  /** Measured 0.80: the share of examples that are the same landing-page snapshot. */
  private static final double LANDING_SHARE = 0.7;

  private static final int PURCHASES = PropensityFeatures.NAMES.indexOf("purchases");
  private static final int CART = PropensityFeatures.NAMES.indexOf("cart");
  private static final int CHECKOUT_STARTED = PropensityFeatures.NAMES.indexOf("checkout started");

  /**
   * One demo call at its moment in the simulation; {@code order} keeps a visit's calls in order.
   */
  private record Timed(long atMs, long order, DemoCall call) {}

  @Test
  void the_serving_model_beats_the_base_rate_though_most_demo_snapshots_are_landing_pages(
      @TempDir Path stateDir) {
    List<Timed> calls = demoTraffic();
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://demo-propensity-" + UUID.randomUUID());
    try (TopologyTestDriver driver = driver(registry, stateDir)) {
      IngestedCalls ingest = new IngestedCalls();
      Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
      Instant wallClock = START;
      for (Timed t : calls) {
        Instant at = Instant.ofEpochMilli(t.atMs());
        // The wall clock runs with the traffic, so the publish punctuation (every 100 ms) comes
        // between a visitor's calls as it does live, and each snapshot freezes the profile of its
        // moment.
        if (at.isAfter(wallClock)) {
          driver.advanceWallClockTime(Duration.between(wallClock, at));
          wallClock = at;
        }
        MappedEvent.Accepted record = ingest.acceptAt(t.call(), at);
        inputs
            .computeIfAbsent(record.topic().name(), n -> input(driver, record.topic(), registry))
            .pipeInput(record.key(), record.value(), at);
      }
      driver.advanceWallClockTime(CONFIG.publishInterval());

      List<PropensityExample> examples =
          driver
              .createOutputTopic(
                  Topics.PROPENSITY_EXAMPLES.name(),
                  Topics.PROPENSITY_EXAMPLES.keySerde().deserializer(),
                  Topics.PROPENSITY_EXAMPLES.valueSerde(registry).deserializer())
              .readValuesToList();
      List<KeyValue<String, PropensityModel>> models =
          driver
              .createOutputTopic(
                  Topics.PROPENSITY_MODELS.name(),
                  Topics.PROPENSITY_MODELS.keySerde().deserializer(),
                  Topics.PROPENSITY_MODELS.valueSerde(registry).deserializer())
              .readKeyValuesToList();
      PropensityModel serving =
          models.stream()
              .filter(kv -> kv.key.equals(PropensitySettings.MODEL))
              .reduce((a, b) -> b)
              .orElseThrow()
              .value;
      HoldoutEvaluation holdout = serving.getEvaluation();
      double observedRate = (double) holdout.getPositives() / holdout.getExamples();
      // Always predicting the holdout's own purchase rate: what a model without any ranking
      // scores.
      double baseRateBrier = observedRate * (1 - observedRate);
      report(calls.size(), examples, serving, baseRateBrier);

      assertThat(serving.getVersion())
          .as("a learned version replaced the starting point")
          .isPositive();
      assertThat(holdout.getExamples()).isGreaterThanOrEqualTo(MIN_HOLDOUT);
      // Measured: Brier 0.1351 against 0.1436, AUC 0.641 (docs/scoring.md). The margins allow
      // a changed demo or trainer to move the figures a little, not to lose the ranking.
      assertThat(holdout.getBrier()).isLessThan(BRIER_AGAINST_BASE_RATE * baseRateBrier);
      assertThat(holdout.getAuc()).isGreaterThan(MIN_AUC);
      double meanPredicted =
          holdout.getReliability().stream()
                  .mapToDouble(b -> b.getExamples() * b.getMeanPredicted())
                  .sum()
              / holdout.getExamples();
      assertThat(meanPredicted)
          .as("calibration in the large: the mean prediction is the observed rate")
          .isCloseTo(observedRate, within(CALIBRATION_TOLERANCE));

      // Why the ranking is no better: the snapshot is the visitor's first published profile,
      // their landing page, and demo shoppers buy in that same visit (or minutes later), so most
      // examples have the same features whoever buys. Only buyers republished by a timer days
      // later (never buying again) stand apart. A changed demo must update docs/scoring.md.
      Map<List<Double>, Long> byFeatures =
          examples.stream()
              .collect(
                  Collectors.groupingBy(PropensityExample::getFeatures, Collectors.counting()));
      long landingSnapshots = Collections.max(byFeatures.values());
      assertThat((double) landingSnapshots / examples.size()).isGreaterThan(LANDING_SHARE);

      // No leakage on this corpus: no buyer's example shows the cart, checkout or order of the
      // visit that made its label.
      assertThat(examples)
          .filteredOn(PropensityExample::getPurchased)
          .isNotEmpty()
          .allSatisfy(
              x -> {
                assertThat(x.getFeatures().get(PURCHASES)).isZero();
                assertThat(x.getFeatures().get(CART)).isZero();
                assertThat(x.getFeatures().get(CHECKOUT_STARTED)).isZero();
              });
    }
  }

  /**
   * The demo's arrivals as {@link DemoTraffic} plans them (friends of influencers, shoppers who
   * come back and buy on their own), spread over the simulated weeks, in time order; follow-up
   * reactions are not simulated (no notifier here).
   */
  private static List<Timed> demoTraffic() {
    ShopperFactory shoppers = new ShopperFactory(new Random(SEED));
    Random arrivals = new Random(SEED + 1);
    List<Timed> calls = new ArrayList<>();
    long meanGapMs = ARRIVALS_OVER.toMillis() / SHOPPERS;
    long arrivesAt = START.toEpochMilli();
    long order = 0;
    for (int i = 0; i < SHOPPERS; i++) {
      arrivesAt += (long) (-Math.log(1 - arrivals.nextDouble()) * meanGapMs);
      Shopper shopper = shoppers.next();
      long lastCall = arrivesAt;
      for (DemoCall c : plan(shopper, arrivals)) {
        calls.add(new Timed(arrivesAt + c.offsetMs(), order++, c));
        lastCall = Math.max(lastCall, arrivesAt + c.offsetMs());
      }
      if (shopper.referralCode() != null) {
        int friends = 1 + arrivals.nextInt(DemoTraffic.MAX_FRIENDS);
        for (int f = 0; f < friends; f++) {
          Shopper friend = shoppers.referredBy(shopper.referralCode());
          long opensLinkAt =
              arrivesAt
                  + DemoTraffic.FRIEND_DELAY_MS
                  + arrivals.nextInt(DemoTraffic.FRIEND_DELAY_SPREAD_MS);
          for (DemoCall c : plan(friend, arrivals)) {
            calls.add(new Timed(opensLinkAt + c.offsetMs(), order++, c));
          }
        }
      }
      if (arrivals.nextDouble() < shopper.persona().buysAnyway()) {
        long returnsAt =
            lastCall
                + DemoTraffic.OWN_RETURN_MS
                + arrivals.nextInt(DemoTraffic.OWN_RETURN_SPREAD_MS);
        calls.add(
            new Timed(
                returnsAt, order++, FollowupReactions.selfPurchase(shopper, 0, SHOP, arrivals)));
      }
    }
    // One more shopper after the last horizon (plus grace and a check) has passed: stream time
    // moves on, and every earlier snapshot closes into an example.
    long closingAt =
        arrivesAt
            + CONFIG.propensity().horizon().toMillis()
            + CONFIG.grace().toMillis()
            + 2 * CONFIG.propensity().checkInterval().toMillis();
    for (DemoCall c : plan(shoppers.next(), arrivals)) {
      calls.add(new Timed(closingAt + c.offsetMs(), order++, c));
    }
    calls.sort(Comparator.comparingLong(Timed::atMs).thenComparingLong(Timed::order));
    return calls;
  }

  private static List<DemoCall> plan(Shopper shopper, Random random) {
    return ShopperJourney.plan(
        shopper,
        SHOP,
        DemoTraffic.Settings.MIN_THINK_MS,
        DemoTraffic.Settings.MAX_THINK_MS,
        random);
  }

  /** The serving version's holdout figures, as docs/scoring.md reports them. */
  private static void report(
      int calls, List<PropensityExample> examples, PropensityModel serving, double baseRateBrier) {
    HoldoutEvaluation e = serving.getEvaluation();
    System.out.printf(
        "seed %d, %d shoppers over %d days, %d calls: %d examples (%d buyers); serving v%d"
            + " trained on %d: holdout %d (%d buyers), Brier %.4f, base-rate Brier %.4f, AUC"
            + " %.3f%n",
        SEED,
        SHOPPERS,
        ARRIVALS_OVER.toDays(),
        calls,
        examples.size(),
        examples.stream().filter(PropensityExample::getPurchased).count(),
        serving.getVersion(),
        serving.getExamplesTrained(),
        e.getExamples(),
        e.getPositives(),
        e.getBrier(),
        baseRateBrier,
        e.getAuc());
    HoldoutEvaluation over = serving.getPromotedOver();
    if (over != null) {
      System.out.printf(
          "the version it replaced on the same %d examples: Brier %.4f, AUC %.3f%n",
          over.getExamples(), over.getBrier(), over.getAuc());
    }
    System.out.println(
        "weights: intercept " + serving.getIntercept() + ", " + serving.getWeights());
    e.getReliability()
        .forEach(
            b ->
                System.out.printf(
                    "decile %d: %d examples, mean predicted %.3f, observed %.3f%n",
                    b.getDecile(), b.getExamples(), b.getMeanPredicted(), b.getObservedRate()));
  }

  private static TopologyTestDriver driver(Map<String, Object> registry, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "demo-propensity");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // In-memory stores: the driver commits after every record, which would flush RocksDB as often.
    return new TopologyTestDriver(
        new ProspectTopology(
                CONFIG, IdentityRules.defaults(), registry, BuiltInDslStoreSuppliers.IN_MEMORY)
            .build(),
        props,
        START);
  }

  @SuppressWarnings("unchecked")
  private static TestInputTopic<String, SpecificRecord> input(
      TopologyTestDriver driver, Topic<?> topic, Map<String, Object> registry) {
    return driver.createInputTopic(
        topic.name(),
        new StringSerializer(),
        ((Topic<SpecificRecord>) topic).valueSerde(registry).serializer());
  }
}
