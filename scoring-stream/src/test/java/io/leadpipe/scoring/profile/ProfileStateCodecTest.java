package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.referral.ReferralCredit;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.traits.Consent;
import io.leadpipe.scoring.traits.KnownTraits;
import io.leadpipe.streams.state.StateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ProfileStateCodecTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final String VISITOR = "anon-1234567890";
  private static final String TOPIC = "state";

  /**
   * The compact state of a realistic visitor is at most this share of its Smile bytes: 1138 vs 2352
   * bytes (48%) for {@link #realistic()} when written; 576 vs 1773 (32%) for the JMH state.
   */
  private static final double MAX_SHARE_OF_SMILE = 0.6;

  /** A field id no version of the format uses: what a newer writer might add. */
  private static final int UNKNOWN_FIELD = 99;

  private static final long RANDOM_SEED = 20261102L;
  private static final int RANDOM_TRIES = 2_000;
  private static final int MAX_RANDOM_LENGTH = 64;

  private final Serde<ProfileState> serde = ProfileStateCodec.serde();

  @Test
  void aRealisticStateSurvivesTheRoundTripInWellUnderTheSmileBytes() {
    ProfileState state = realistic();
    assertThat(state.traits().values()).isNotEmpty();
    assertThat(state.hesitation().open()).isNotNull();
    assertThat(state.reach().followersByNetwork()).isNotEmpty();

    byte[] compact = serde.serializer().serialize(TOPIC, state);
    byte[] smile = StateSerde.of(ProfileState.class).serializer().serialize(TOPIC, state);

    assertThat(compact[0]).isEqualTo(ProfileStateCodec.FORMAT_VERSION);
    assertThat(StateSerde.isSmile(compact)).isFalse();
    assertThat(serde.deserializer().deserialize(TOPIC, compact)).isEqualTo(state);
    System.out.printf(
        "[profile-state-codec] compact %d bytes, Smile %d bytes (%.0f%%)%n",
        compact.length, smile.length, 100.0 * compact.length / smile.length);
    assertThat((double) compact.length)
        .as("compact %d bytes vs Smile %d", compact.length, smile.length)
        .isLessThanOrEqualTo(MAX_SHARE_OF_SMILE * smile.length);
  }

  @Test
  void aStateWithEveryPartFilledSurvivesTheRoundTripExactly() {
    ProfileState state = everyPartFilled();

    ProfileState read = roundTrip(state);

    assertThat(read).isEqualTo(state);
    assertThat(read.history().get(0).fit()).isNaN();
    assertThat(Double.doubleToRawLongBits(read.history().get(0).influence()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(read.firstSeen()).isEqualTo(Instant.ofEpochSecond(-86_401, 123_456_789));
    assertThat(read.recentMessages().size()).isEqualTo(4);
  }

  @Test
  void emptyStatesSurviveTheRoundTrip() {
    ProfileState fresh = ProfileState.empty(VISITOR, T0);
    ProfileState blank =
        new ProfileState(
            null, null, null, null, null, null, 0, null, null, null, null, null, null, null, null,
            null, null);

    assertThat(roundTrip(fresh)).isEqualTo(fresh);
    assertThat(roundTrip(blank)).isEqualTo(blank);
  }

  @Test
  void stateWrittenAsSmileOrJsonTextByReleasedVersionsIsStillRead() {
    ProfileState state = realistic();
    Serde<ProfileState> released = StateSerde.of(ProfileState.class);

    byte[] smile = released.serializer().serialize(TOPIC, state);
    byte[] json = "{\"visitorId\":\"v-old\",\"revision\":3}".getBytes(StandardCharsets.UTF_8);

    assertThat(StateSerde.isSmile(smile)).isTrue();
    assertThat(serde.deserializer().deserialize(TOPIC, smile)).isEqualTo(state);
    assertThat(serde.deserializer().deserialize(TOPIC, json))
        .isEqualTo(
            new ProfileState(
                "v-old", null, null, null, null, null, 3, null, null, null, null, null, null, null,
                null, null, null));
  }

  @Test
  void tombstonesStayNull() {
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void fieldsANewerWriterAddedAreSkipped() {
    ProfileState state = realistic();
    byte[] known = ProfileStateCodec.encode(state);

    // A newer writer's unknown fields of every wire type, first in the state...
    BinaryWriter w = header(state.asOf());
    int headerLength = w.toByteArray().length;
    w.longField(UNKNOWN_FIELD, -42);
    w.doubleField(UNKNOWN_FIELD + 1, Math.PI);
    w.doubleField(UNKNOWN_FIELD + 1, 2.5);
    w.stringField(UNKNOWN_FIELD + 2, "not known yet: ünïcødé");
    w.instantField(UNKNOWN_FIELD + 3, Instant.ofEpochSecond(1, 1));
    w.instantField(UNKNOWN_FIELD + 4, T0);
    w.beginRecord(UNKNOWN_FIELD + 5);
    w.stringField(1, "nested");
    w.listField(2, 2, Wire.RECORD);
    w.longField(1, 7);
    w.endRecord();
    w.endRecord();
    w.endRecord();
    w.listField(UNKNOWN_FIELD + 6, 2, Wire.FIXED64);
    w.doubleValue(1.5);
    w.doubleValue(2.5);
    w.mapField(UNKNOWN_FIELD + 7, 1, Wire.BYTES, Wire.INSTANT);
    w.string("k");
    w.instant(T0);
    byte[] prefix = w.toByteArray();
    // ...then the known fields as this version wrote them (after the same header).
    byte[] withUnknown = concat(prefix, Arrays.copyOfRange(known, headerLength, known.length));

    assertThat(ProfileStateCodec.decode(withUnknown)).isEqualTo(state);
  }

  @Test
  void unknownFieldsInsideANestedRecordAreSkipped() {
    ActivityCounts activity = new ActivityCounts(2, T0, 3, 1, 0, 0, 1, 0, 0, 0, 0);
    BinaryWriter w = header(null);
    w.stringField(1, VISITOR);
    w.beginRecord(8); // activity
    w.intField(1, 2);
    w.stringField(UNKNOWN_FIELD, "a newer counter's label");
    w.instantField(2, T0);
    w.intField(3, 3);
    w.mapField(UNKNOWN_FIELD + 1, 1, Wire.BYTES, Wire.RECORD);
    w.string("key");
    w.doubleField(1, 1.0);
    w.endRecord();
    w.intField(4, 1);
    w.intField(7, 1);
    w.endRecord();
    w.endRecord();

    ProfileState read = ProfileStateCodec.decode(w.toByteArray());

    assertThat(read.visitorId()).isEqualTo(VISITOR);
    assertThat(read.activity()).isEqualTo(activity);
  }

  @Test
  void aHesitationWrittenBeforeTheInferredReasonWasKeptReadsWithoutIt() {
    BinaryWriter w = header(T0);
    w.stringField(1, VISITOR);
    w.beginRecord(16); // hesitation, as the version before the reason accuracy wrote it
    w.stringField(2, "h-1");
    w.stringField(3, "PRICE");
    w.instantField(4, T0);
    w.endRecord();
    w.endRecord();

    HesitationState read = ProfileStateCodec.decode(w.toByteArray()).hesitation();

    assertThat(read).isEqualTo(new HesitationState(null, "h-1", "PRICE", T0, null, null, null));
  }

  @Test
  void everyTruncationFailsClearly() {
    byte[] bytes = ProfileStateCodec.encode(realistic());

    for (int length = 1; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
          .as("truncated to %d of %d bytes", length, bytes.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("cannot read ProfileState state");
    }
  }

  @Test
  void corruptBytesFailClearlyWithoutAllocatingWhatTheyClaim() {
    BinaryWriter huge = header(null);
    huge.listField(3, Integer.MAX_VALUE, Wire.BYTES); // anonymousIds claiming 2^31 - 1 strings
    byte[] hugeList = huge.toByteArray();
    BinaryWriter longString = header(null);
    longString.key(1, Wire.BYTES);
    longString.varInt(Integer.MAX_VALUE);
    byte[] hugeString = longString.toByteArray();
    BinaryWriter wrong = header(null);
    wrong.key(1, Wire.FIXED64); // visitorId is a string
    wrong.doubleValue(1.0);
    wrong.endRecord();
    byte[] wrongType = wrong.toByteArray();
    byte[] trailing = concat(ProfileStateCodec.encode(realistic()), new byte[] {0});
    byte[] endlessVarint = new byte[BinaryWriter.MAX_VARINT_BYTES + 2];
    Arrays.fill(endlessVarint, (byte) 0xFF);
    endlessVarint[0] = ProfileStateCodec.FORMAT_VERSION;

    assertThatThrownBy(() -> ProfileStateCodec.decode(hugeList))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("exceeds the bytes left");
    assertThatThrownBy(() -> ProfileStateCodec.decode(hugeString))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("exceeds the bytes left");
    assertThatThrownBy(() -> ProfileStateCodec.decode(wrongType))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("field 1 has wire type 1, expected 2");
    assertThatThrownBy(() -> ProfileStateCodec.decode(trailing))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("after the end of the state");
    assertThatThrownBy(() -> ProfileStateCodec.decode(endlessVarint))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("varint longer than");
  }

  @Test
  void deeplyNestedUnknownRecordsFailInsteadOfOverflowingTheStack() {
    BinaryWriter w = header(null);
    for (int i = 0; i <= BinaryReader.MAX_DEPTH; i++) {
      w.beginRecord(UNKNOWN_FIELD);
    }
    for (int i = 0; i <= BinaryReader.MAX_DEPTH + 1; i++) {
      w.endRecord();
    }

    assertThatThrownBy(() -> ProfileStateCodec.decode(w.toByteArray()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("nested deeper than");
  }

  @Test
  void randomBytesAfterTheVersionByteEitherReadOrFailClearly() {
    Random random = new Random(RANDOM_SEED);
    for (int i = 0; i < RANDOM_TRIES; i++) {
      byte[] bytes = new byte[1 + random.nextInt(MAX_RANDOM_LENGTH)];
      random.nextBytes(bytes);
      bytes[0] = ProfileStateCodec.FORMAT_VERSION;
      try {
        ProfileStateCodec.decode(bytes);
      } catch (SerializationException expected) {
        assertThat(expected).hasMessageContaining("cannot read ProfileState state");
      }
    }
  }

  @Test
  void aNewerFormatVersionIsNamedNotMistakenForSmile() {
    byte newer = ProfileStateCodec.FORMAT_VERSION + 1;

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {newer, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version " + newer);
  }

  @Test
  void instantsAtTheEndsOfTimeSurviveWhateverTheBaseTime() {
    ProfileState nearBase =
        new ProfileState(
            VISITOR,
            null,
            null,
            Instant.MIN,
            Instant.MAX,
            T0,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ProfileState farBase =
        new ProfileState(
            VISITOR,
            null,
            null,
            Instant.EPOCH,
            T0,
            Instant.MAX,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(roundTrip(nearBase)).isEqualTo(nearBase);
    assertThat(roundTrip(farBase)).isEqualTo(farBase);
  }

  /** The header {@link ProfileStateCodec#encode} writes: the version, then the base time. */
  private static BinaryWriter header(Instant base) {
    BinaryWriter w = new BinaryWriter();
    w.varInt(ProfileStateCodec.FORMAT_VERSION);
    w.base(base);
    w.zigZag(w.baseMillis());
    return w;
  }

  private ProfileState roundTrip(ProfileState state) {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, state));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A visitor who arrived through a referral link, browsed two categories for days, carted, bought,
   * told us about themselves, shared and was mentioned, hesitated, and whose own referral brought
   * someone in: the state as {@link ProfileUpdater} builds it.
   */
  private static ProfileState realistic() {
    ProfileUpdater updater =
        new ProfileUpdater(ScoringRules.defaults(), Duration.ofHours(1), Duration.ofHours(24));
    WebEventType[] journey = {
      WebEventType.PAGE_VIEW,
      WebEventType.PRODUCT_VIEW,
      WebEventType.SEARCH,
      WebEventType.COUPON_SEARCH,
      WebEventType.REVIEW_READ,
      WebEventType.CART_ADD,
      WebEventType.CART_REMOVE,
      WebEventType.CART_ADD,
      WebEventType.CHECKOUT_STARTED,
      WebEventType.PURCHASE
    };
    ProfileState state = null;
    Instant at = T0;
    for (int i = 0; i < 3 * journey.length; i++) {
      at = T0.plus(Duration.ofHours(7L * i));
      WebEventType type = journey[i % journey.length];
      WebEvent e =
          WebEvent.newBuilder()
              .setMessageId("m-" + i)
              .setAnonymousId(VISITOR)
              .setEventTime(at)
              .setReceivedAt(at)
              .setSource("test")
              .setContext(EventContext.newBuilder().setTimezone("Europe/Berlin").build())
              .setType(type)
              .setName(type.name())
              .setReferralCode(i == 0 ? "ann-code" : null)
              .setProduct(
                  Product.newBuilder()
                      .setProductId("sku-" + (i % 4))
                      .setName("Trail Tent " + (i % 4))
                      .setCategory(i % 3 == 0 ? "tents" : "boots")
                      .setPrice(59.9 + i)
                      .setQuantity(1)
                      .build())
              .build();
      state = updater.apply(VISITOR, state, new VisitorInput.Web(e)).state();
    }
    at = at.plus(Duration.ofHours(1));
    state = updater.apply(VISITOR, state, identify(at)).state();
    at = at.plus(Duration.ofHours(1));
    state = updater.apply(VISITOR, state, social(SocialKind.SHARE, at)).state();
    at = at.plus(Duration.ofHours(1));
    state = updater.apply(VISITOR, state, social(SocialKind.MENTION, at)).state();
    at = at.plus(Duration.ofHours(1));
    state = updater.apply(VISITOR, state, hesitation(at)).state();
    at = at.plus(Duration.ofHours(1));
    ReferralCredit credit =
        new ReferralCredit(
            "visit:c:bob",
            ReferralCredit.Kind.REFERRED_VISITOR,
            VISITOR,
            "bob",
            "my-code",
            at,
            0,
            false);
    return updater.apply(VISITOR, state, new VisitorInput.Credit(credit)).state();
  }

  private static VisitorInput identify(Instant at) {
    Traits traits =
        Traits.newBuilder()
            .setEmail("ada@example.com")
            .setFirstName("Ada")
            .setBirthYear(1990)
            .setCountry("DE")
            .setCity("Berlin")
            .setTimezone("Europe/Berlin")
            .setInterests(List.of("Hiking", "camping"))
            .setSocialHandles(Map.of("instagram", "@ada"))
            .setCustom(Map.of("tier", "\"gold\""))
            .setConsent(
                Map.of(
                    "email",
                    ChannelConsent.newBuilder()
                        .setStatus(ConsentStatus.GRANTED)
                        .setUpdatedAt(at)
                        .build()))
            .build();
    return new VisitorInput.Identity(
        IdentityEvent.newBuilder()
            .setMessageId("id-1")
            .setKind(IdentityKind.IDENTIFY)
            .setAnonymousId(VISITOR)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setTraits(traits)
            .build());
  }

  private static VisitorInput social(SocialKind kind, Instant at) {
    return new VisitorInput.Social(
        SocialEvent.newBuilder()
            .setMessageId("s-" + kind)
            .setAnonymousId(VISITOR)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setNetwork("instagram")
            .setKind(kind)
            .setActorHandle("@ada")
            .setFollowerCount(1_234L)
            .setReferralCode(kind == SocialKind.SHARE ? "my-code" : null)
            .build());
  }

  private static VisitorInput hesitation(Instant at) {
    return new VisitorInput.HesitationUpdate(
        Hesitation.newBuilder()
            .setHesitationId("h-1")
            .setVisitorId(VISITOR)
            .setKind(HesitationKind.CART_ABANDONED)
            .setStatus(HesitationStatus.DETECTED)
            .setStartedAt(at.minusSeconds(3_600))
            .setLastActivityAt(at.minusSeconds(3_600))
            .setDetectedAt(at)
            .setPrimaryReason(HesitationReason.SHIPPING)
            .setReasons(
                List.of(
                    ReasonEvidence.newBuilder()
                        .setReason(HesitationReason.SHIPPING)
                        .setConfidence(0.8)
                        .build(),
                    ReasonEvidence.newBuilder()
                        .setReason(HesitationReason.PRICE)
                        .setConfidence(0.4)
                        .build()))
            .build());
  }

  /**
   * Every optional part set, with the values a naive encoding loses: instants before the epoch and
   * with nanos, NaN and -0.0, a null price next to a zero one, non-ASCII text, the epoch day.
   */
  private static ProfileState everyPartFilled() {
    Instant nanos = Instant.ofEpochSecond(-86_401, 123_456_789);
    Instant micros = T0.plusNanos(1_000);
    return new ProfileState(
        VISITOR,
        "user-42",
        List.of("anon-a", "anon-b"),
        nanos,
        T0,
        micros,
        Long.MAX_VALUE,
        new ActivityCounts(Integer.MAX_VALUE, T0, 1, 2, 3, 4, 5, 6, 7, 8, Integer.MIN_VALUE),
        new Cart(
            List.of(
                new Cart.Line("p-1", "sku-1", "Zelt für zwei – 🏕", "tents", 249.0, 2),
                new Cart.Line(null, null, "gift card", null, null, 1),
                new Cart.Line("p-3", null, null, null, 0.0, 0))),
        Map.of(
            "PRODUCT_VIEW",
            new SignalState(12.5, T0, LocalDate.of(2026, 11, 2), 3, micros),
            "SEARCH",
            new SignalState(0.0, null, LocalDate.ofEpochDay(0), 0, null),
            "REVIEW_READ",
            new SignalState(Double.NaN, nanos, LocalDate.of(1969, 12, 31), -1, T0)),
        new PurchaseStats(2, 301.8, 3, T0.minus(Duration.ofDays(30)), T0),
        Map.of("tents", 3.5, "boots", -0.0, "nan", Double.NaN),
        new KnownTraits(
            Map.of(KnownTraits.EMAIL, "ada@example.com", KnownTraits.CITY, "Zürich"),
            List.of("hiking", "camping"),
            Map.of("email", new Consent("GRANTED", T0), "sms", new Consent("DENIED", null)),
            Map.of(KnownTraits.EMAIL, T0, KnownTraits.CITY, nanos),
            "Europe/Zurich"),
        new Reach(
            Map.of("instagram", 1_234L, "tiktok", -1L, "x", Long.MIN_VALUE),
            4,
            5,
            6,
            7,
            Double.MAX_VALUE,
            Map.of("followers", T0, "shares", micros)),
        new ReferralTouch(
            List.of("my-code", "my-other-code"),
            "ann-code",
            T0,
            List.of(
                new ReferralTouch.Purchase(T0, 99.5, "order-1"),
                new ReferralTouch.Purchase(nanos, -0.0, null))),
        new HesitationState(
            new OpenHesitation(
                "h-2",
                "CART_ABANDONED",
                T0,
                micros,
                "SHIPPING",
                List.of(
                    new OpenHesitation.LikelyReason("SHIPPING", 0.8),
                    new OpenHesitation.LikelyReason(null, 0.0))),
            "h-1",
            "too expensive",
            nanos,
            "PRICE",
            "SHIPPING",
            micros),
        List.of(
            new ScoreHistory.Point(nanos, 1.0, Double.NaN, -0.0),
            new ScoreHistory.Point(T0, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 100.0)),
        RecentMessages.of(
            new long[] {Long.MIN_VALUE, 0, -1, RecentMessages.hashOf("web:m-1")},
            new long[] {
              nanos.toEpochMilli(),
              T0.toEpochMilli(),
              T0.plus(Duration.ofDays(10)).toEpochMilli(),
              T0.toEpochMilli()
            }));
  }
}
