package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The kept profile: reduced from the published one, stored as Smile, and read from what the
 * previous version stored (the whole profile in the registry's wire format).
 */
class FollowupProfilesTest {

  private static final Instant STATED_AT = Instant.parse("2026-11-20T12:00:00Z");
  private static final Map<String, Object> REGISTRY =
      Map.of("schema.registry.url", "mock://followup-profiles-test");

  private final Serde<ProspectProfile> registrySerde =
      Topics.PROSPECT_PROFILES.valueSerde(REGISTRY);
  private final Serde<FollowupProfile> serde = FollowupProfiles.serde(registrySerde.deserializer());

  private static ProspectProfile published() {
    return ProspectProfile.newBuilder(
            Fixtures.profile(
                "v-1",
                "Europe/Berlin",
                Map.of("email", ConsentStatus.GRANTED, "sms", ConsentStatus.DENIED)))
        .setStatedReason(HesitationReason.SHIPPING)
        .setStatedReasonAt(STATED_AT)
        .build();
  }

  @Test
  void keepsExactlyWhatTheRulesAndTriggersRead() {
    ProspectProfile p = published();
    assertThat(FollowupProfiles.of(p))
        .isEqualTo(
            new FollowupProfile(
                "user-v-1",
                Map.of("email", "GRANTED", "sms", "DENIED"),
                "Europe/Berlin",
                42.0,
                List.of("returning"),
                HesitationReason.SHIPPING,
                STATED_AT,
                p.getLastSeen(),
                "VISITOR",
                List.of(
                    "purchaseFrequency:NONE",
                    "purchaseVolume:NONE",
                    "influence:NONE",
                    "profileFit:OFF_TARGET"),
                0.0,
                0.0));
  }

  @Test
  void isStoredAsSmileAndReadBack() {
    FollowupProfile kept = FollowupProfiles.of(published());
    byte[] bytes = serde.serializer().serialize("t", kept);
    assertThat(StateSerde.isSmile(bytes)).isTrue();
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(kept);
  }

  @Test
  void anAnonymousProfileWithoutTraitsStoresAndReadsBack() {
    FollowupProfile anonymous =
        new FollowupProfile(null, null, null, 0.0, null, null, null, STATED_AT);
    byte[] bytes = serde.serializer().serialize("t", anonymous);
    FollowupProfile read = serde.deserializer().deserialize("t", bytes);
    assertThat(read).isEqualTo(anonymous);
    assertThat(read.anonymous()).isTrue();
    assertThat(read.consent()).isEmpty();
    assertThat(read.segments()).isEmpty();
  }

  /** What the previous version's store holds: the whole profile, registry wire format. */
  @Test
  void aWholeProfileInTheRegistryWireFormatIsReadAndReduced() {
    byte[] old = registrySerde.serializer().serialize(Topics.PROSPECT_PROFILES.name(), published());
    assertThat(old[0]).as("the registry wire format's magic byte").isZero();
    assertThat(serde.deserializer().deserialize("followup-profiles-changelog", old))
        .isEqualTo(FollowupProfiles.of(published()));
  }

  @Test
  void bytesNoReaderUnderstandsCountAsNoProfile() {
    assertThat(serde.deserializer().deserialize("t", new byte[] {0, 0, 0, 0, 99, 1, 2})).isNull();
    assertThat(serde.deserializer().deserialize("t", new byte[] {(byte) 0xff})).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void onlyAnonymousCopiesExpireARetentionAfterTheLastActivity() {
    Duration retention = Duration.ofDays(180);
    FollowupProfile known = FollowupProfiles.of(published());
    FollowupProfile anonymous =
        new FollowupProfile(null, Map.of(), null, 0.0, List.of(), null, null, STATED_AT);
    assertThat(ProfileExpiry.dueAt(known, retention)).isZero();
    assertThat(ProfileExpiry.dueAt(null, retention)).isZero();
    assertThat(ProfileExpiry.dueAt(anonymous, retention))
        .isEqualTo(STATED_AT.plus(retention).toEpochMilli());
  }
}
