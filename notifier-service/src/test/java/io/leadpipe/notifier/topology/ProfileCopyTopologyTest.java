package io.leadpipe.notifier.topology;

import static io.leadpipe.notifier.testing.Fixtures.consenting;
import static io.leadpipe.notifier.testing.Fixtures.detected;
import static io.leadpipe.notifier.testing.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.testing.AvroBinarySerdes;
import io.leadpipe.notifier.testing.TopologyDrivers;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the notifier keeps of each visitor's profile and for how long: only what the rules and
 * triggers read, still enough for both; profile copies an older version stored as whole Avro
 * profiles are still read; an anonymous visitor's copy goes once they have been inactive for the
 * retention, a known user's stays.
 */
class ProfileCopyTopologyTest {

  // 09:00 UTC: the default steps (10:00, 09:00 next day, 09:00 in three days) are outside quiet
  // hours.
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final String V = "visitor-1";
  private static final String ANON = "anonymous-1";

  private final AvroBinarySerdes serdes = new AvroBinarySerdes();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Hesitation> hesitations;
  private TestInputTopic<String, ProspectProfile> profiles;
  private TestOutputTopic<String, FollowupTrigger> triggers;
  private TestOutputTopic<String, FollowupDecision> decisions;

  @BeforeEach
  void start() {
    FollowupPolicy policy = new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC());
    driver =
        new TopologyTestDriver(
            new NotifierTopology(
                    policy, serdes, DecisionListener.NONE, Duration.ofSeconds(1), RETENTION)
                .build(),
            TopologyDrivers.exactlyOnce("notifier-profile-test"),
            T0);
    hesitations =
        driver.createInputTopic(
            Topics.HESITATIONS.name(),
            Topics.HESITATIONS.keySerde().serializer(),
            serdes.forTopic(Topics.HESITATIONS).serializer());
    profiles =
        driver.createInputTopic(
            Topics.PROSPECT_PROFILES.name(),
            Topics.PROSPECT_PROFILES.keySerde().serializer(),
            serdes.forTopic(Topics.PROSPECT_PROFILES).serializer());
    triggers =
        driver.createOutputTopic(
            Topics.FOLLOWUP_TRIGGERS.name(),
            Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
            serdes.forTopic(Topics.FOLLOWUP_TRIGGERS).deserializer());
    decisions =
        driver.createOutputTopic(
            Topics.FOLLOWUP_DECISIONS.name(),
            Topics.FOLLOWUP_DECISIONS.keySerde().deserializer(),
            serdes.forTopic(Topics.FOLLOWUP_DECISIONS).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void onlyWhatTheRulesReadIsKeptAndTheTriggerStillCarriesUserIdScoreAndSegments() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    assertThat(profileStore().get(V))
        .isEqualTo(
            new FollowupProfile(
                "user-" + V,
                Map.of("email", "GRANTED"),
                "UTC",
                42.0,
                List.of("returning"),
                null,
                null,
                consenting(V, "UTC").getLastSeen(),
                "VISITOR",
                List.of(
                    "purchaseFrequency:NONE",
                    "purchaseVolume:NONE",
                    "influence:NONE",
                    "profileFit:OFF_TARGET"),
                0.0,
                0.0));

    hesitations.pipeInput(V, cart(V, "h-1"), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));

    FollowupTrigger t = triggers.readValue();
    assertThat(t.getUserId()).isEqualTo("user-" + V);
    assertThat(t.getEngagementScore()).isEqualTo(42.0);
    assertThat(t.getSegments()).containsExactly("returning");
  }

  @Test
  void consentIsStillEnforcedFromTheKeptProfile() {
    profiles.pipeInput(V, profile(V, "UTC", Map.of("email", ConsentStatus.DENIED)), T0);
    hesitations.pipeInput(V, cart(V, "h-1"), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    // Consent granted later: the next step goes out.
    profiles.pipeInput(V, consenting(V, "UTC"), T0.plus(Duration.ofHours(2)));
    driver.advanceWallClockTime(Duration.ofHours(23));

    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getTriggerId,
            FollowupDecision::getOutcome,
            FollowupDecision::getReason)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT),
            tuple("h-1#2", DecisionOutcome.SENT, DecisionReason.OK));
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId)
        .containsExactly("h-1#2");
  }

  /**
   * A store of the previous version holds the whole Avro profile, written with the profiles topic's
   * serde: it is still read, its consent and trigger fields used.
   */
  @Test
  void aWholeAvroProfileAnOlderVersionStoredIsStillRead() {
    byte[] avro =
        serdes.forTopic(Topics.PROSPECT_PROFILES).serializer().serialize("t", consenting(V, "UTC"));
    putRaw(V, avro);
    assertThat(profileStore().get(V).userId()).isEqualTo("user-" + V);

    hesitations.pipeInput(V, cart(V, "h-1"), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));

    FollowupTrigger t = triggers.readValue();
    assertThat(t.getUserId()).isEqualTo("user-" + V);
    assertThat(t.getChannel()).isEqualTo("email");
    assertThat(t.getEngagementScore()).isEqualTo(42.0);
    assertThat(t.getSegments()).containsExactly("returning");

    // The visitor's next profile replaces it with the small copy.
    profiles.pipeInput(V, consenting(V, "UTC"), T0.plus(Duration.ofHours(2)));
    assertThat(profileStore().get(V).segments()).containsExactly("returning");
  }

  /** Bytes no reader understands count as no profile: nothing needing consent is sent, no crash. */
  @Test
  void anUnreadableStoredProfileCountsAsNoneInsteadOfStoppingTheApplication() {
    putRaw(V, new byte[] {(byte) 0xff, (byte) 0xfe, 0x01});
    assertThat(profileStore().get(V)).isNull();

    hesitations.pipeInput(V, cart(V, "h-1"), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));

    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getOutcome, FollowupDecision::getReason)
        .containsExactly(tuple(DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT));
  }

  @Test
  void anAnonymousVisitorsCopyIsForgottenAfterTheRetentionAKnownUsersIsKept() {
    profiles.pipeInput(V, seen(consenting(V, "UTC"), T0), T0);
    profiles.pipeInput(ANON, seen(anonymous(ANON), T0), T0);

    driver.advanceWallClockTime(RETENTION.minus(Duration.ofMinutes(1)));
    assertThat(profileStore().get(ANON)).isNotNull();

    driver.advanceWallClockTime(Duration.ofMinutes(2));
    assertThat(profileStore().get(ANON)).isNull();
    assertThat(profileStore().get(V)).isNotNull();
    try (var left = expiryStore().all()) {
      assertThat(left.hasNext()).as("no expiry entry left").isFalse();
    }

    driver.advanceWallClockTime(Duration.ofDays(365));
    assertThat(profileStore().get(V)).isNotNull();
  }

  @Test
  void renewedActivityPostponesTheExpiry() {
    profiles.pipeInput(ANON, seen(anonymous(ANON), T0), T0);
    Instant later = T0.plus(Duration.ofDays(20));
    profiles.pipeInput(ANON, seen(anonymous(ANON), later), later);
    assertThat(expiryStore().get(ScheduleKey.of(T0.plus(RETENTION).toEpochMilli(), ANON)))
        .as("the former expiry entry is moved, not left behind")
        .isNull();

    driver.advanceWallClockTime(RETENTION.plus(Duration.ofDays(1)));
    assertThat(profileStore().get(ANON)).isNotNull();

    driver.advanceWallClockTime(Duration.ofDays(20));
    assertThat(profileStore().get(ANON)).isNull();
  }

  /** A tombstone takes the copy and its expiry entry. */
  @Test
  void aTombstoneTakesTheExpiryEntryToo() {
    profiles.pipeInput(ANON, seen(anonymous(ANON), T0), T0);
    profiles.pipeInput(ANON, null, T0.plusSeconds(1));
    assertThat(profileStore().get(ANON)).isNull();
    try (var left = expiryStore().all()) {
      assertThat(left.hasNext()).isFalse();
    }
  }

  /**
   * The steps of a running sequence read the copy: it is kept while the sequence runs, and
   * forgotten once it is over.
   */
  @Test
  void anExpiredCopyIsKeptWhileItsSequenceRuns() {
    Instant lastSeen = T0.minus(RETENTION).plus(Duration.ofMinutes(30));
    profiles.pipeInput(ANON, seen(anonymous(ANON), lastSeen), T0);
    hesitations.pipeInput(ANON, cart(ANON, "h-1"), T0);

    driver.advanceWallClockTime(Duration.ofHours(1)); // expired, but step 1 is pending
    assertThat(profileStore().get(ANON)).isNotNull();
    driver.advanceWallClockTime(Duration.ofHours(23));
    driver.advanceWallClockTime(Duration.ofHours(48));
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId)
        .as("every step still saw the consent in the copy")
        .containsExactly("h-1#1", "h-1#2", "h-1#3");

    driver.advanceWallClockTime(Duration.ofDays(2)); // the sequence is over
    assertThat(profileStore().get(ANON)).isNull();
  }

  private static Hesitation cart(String visitor, String id) {
    return detected(visitor, id, HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
  }

  private static ProspectProfile anonymous(String visitor) {
    return ProspectProfile.newBuilder(consenting(visitor, "UTC")).setUserId(null).build();
  }

  private static ProspectProfile seen(ProspectProfile p, Instant lastSeen) {
    return ProspectProfile.newBuilder(p).setLastSeen(lastSeen).build();
  }

  private KeyValueStore<String, FollowupProfile> profileStore() {
    return driver.getKeyValueStore(NotifierTopology.PROFILE_STORE);
  }

  private KeyValueStore<String, String> expiryStore() {
    return driver.getKeyValueStore(NotifierTopology.PROFILE_EXPIRY_STORE);
  }

  /** Writes bytes into the innermost (bytes) store, as an older version's serde left them. */
  @SuppressWarnings("unchecked")
  private void putRaw(String visitor, byte[] value) {
    StateStore store = driver.getKeyValueStore(NotifierTopology.PROFILE_STORE);
    while (store instanceof WrappedStateStore<?, ?, ?> wrapper) {
      store = wrapper.wrapped();
    }
    ((KeyValueStore<Bytes, byte[]>) store)
        .put(Bytes.wrap(visitor.getBytes(StandardCharsets.UTF_8)), value);
  }
}
