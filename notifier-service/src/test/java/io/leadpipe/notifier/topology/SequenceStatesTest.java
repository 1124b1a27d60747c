package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.FollowupState;
import io.leadpipe.notifier.sequence.FollowupState.AwaitedPurchase;
import io.leadpipe.notifier.sequence.FollowupState.Delivery;
import io.leadpipe.notifier.sequence.FollowupState.Running;
import io.leadpipe.notifier.sequence.FollowupState.SentFollowup;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.streams.state.StateSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The rules' state survives the store: written, serialised with the store's serde (StateSerde),
 * read back; state written by the notifier's former binary serde (still in changelogs and RocksDB
 * after an upgrade) is still read.
 */
class SequenceStatesTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /**
   * What the former hand-written serde (SequenceStateSerde, version 1) wrote for {@link
   * #RUNNING_WITH_HISTORY}: captured from that serde before it was removed.
   */
  private static final String LEGACY_RUNNING =
      "01010003682d32010012434845434b4f55545f4142414e444f4e45440100085348495050"
          + "494e47000001a207d92100000001a2076b440000000001000001a208100f80000001a207d836a000000002000001a207d74c40000001a2"
          + "07d836a0010005682d312331010003682d3101000852454d494e444552010005505249434500000001010005656d61696c";

  /** The same for {@link #ENDED}: no sequence running, only the contact history. */
  private static final String LEGACY_ENDED =
      "01000000000000000000000000000000000000000000000000000000000000000000"
          + "01a207d9210000000001000001a207d9210000010003682d3101000e444953434f554e545f4f46464552010005505249434500000002010003736d73";

  private static final FollowupState RUNNING_WITH_HISTORY =
      new FollowupState(
          new Running(
              "h-2",
              HesitationKind.CHECKOUT_ABANDONED,
              HesitationReason.SHIPPING,
              T0,
              T0.minusSeconds(7200),
              1,
              T0.plusSeconds(3600)),
          T0.minusSeconds(60),
          List.of(T0.minusSeconds(120), T0.minusSeconds(60)),
          List.of(
              legacySend(
                  "h-1#1", 1, FollowupPlay.REMINDER, "email", null, T0.minusSeconds(60), false)),
          "h-1",
          List.of());
  private static final FollowupState ENDED =
      new FollowupState(
          null,
          T0,
          List.of(T0),
          List.of(legacySend(null, 2, FollowupPlay.DISCOUNT_OFFER, "sms", null, T0, true)),
          "h-1",
          List.of());

  /**
   * The last send as state written before the sends were kept holds it: no hesitation, outcome not
   * tracked, credited once its trigger id is gone.
   */
  private static SentFollowup legacySend(
      String triggerId,
      int step,
      FollowupPlay play,
      String channel,
      SequencePlan.StrategyRef strategy,
      Instant at,
      boolean credited) {
    return new SentFollowup(
        triggerId,
        null,
        step,
        play,
        HesitationReason.PRICE,
        channel,
        strategy,
        at,
        Delivery.NOT_TRACKED,
        null,
        List.of(),
        credited);
  }

  private final Serde<SequenceState> serde = SequenceStates.serde();

  private FollowupState throughTheStore(FollowupState f, SequenceState stored) {
    byte[] bytes = serde.serializer().serialize("t", SequenceStates.write(f, stored));
    return SequenceStates.read(serde.deserializer().deserialize("t", bytes));
  }

  @Test
  void aRunningSequenceWithHistoryRoundTrips() {
    FollowupState f =
        new FollowupState(
            new Running(
                "h-2",
                HesitationKind.CHECKOUT_ABANDONED,
                HesitationReason.SHIPPING,
                T0,
                T0.minusSeconds(7200),
                1,
                T0.plusSeconds(3600)),
            T0.minusSeconds(60),
            List.of(T0.minusSeconds(120), T0.minusSeconds(60)),
            List.of(
                new SentFollowup(
                    "h-0#1",
                    "h-0",
                    1,
                    FollowupPlay.REMINDER,
                    HesitationReason.PRICE,
                    "email",
                    null,
                    T0.minusSeconds(120),
                    Delivery.FAILED,
                    null,
                    List.of("crm", "shop"),
                    false),
                new SentFollowup(
                    "h-1#1",
                    "h-1",
                    1,
                    FollowupPlay.REMINDER,
                    HesitationReason.PRICE,
                    "email",
                    null,
                    T0.minusSeconds(60),
                    Delivery.DELIVERED,
                    T0.minusSeconds(59),
                    List.of("shop"),
                    true)),
            "h-1",
            List.of(new AwaitedPurchase("o-1", 89.0, T0, T0.plusSeconds(1800))));

    assertThat(throughTheStore(f, null)).isEqualTo(f);
    assertThat(SequenceStates.dueAt(f)).isEqualTo(T0.plusSeconds(1800).toEpochMilli());
  }

  @Test
  void smileStateWrittenBeforeTheSendsWereKeptReadsItsLastSendAsNotTracked() {
    SequenceState before = new SequenceState();
    before.lastSentAt = T0.toEpochMilli();
    before.sentAt = new ArrayList<>(List.of(T0.toEpochMilli()));
    before.lastTriggerId = "h-1#2";
    before.lastPlay = "DISCOUNT_OFFER";
    before.lastReason = "PRICE";
    before.lastStep = 2;
    before.lastChannel = "sms";
    before.lastStrategyId = "price-vip";
    before.lastStrategyVersion = 3;
    before.lastVariantId = "twenty";
    before.lastHesitationId = "h-1";
    byte[] bytes = serde.serializer().serialize("t", before);

    FollowupState read = SequenceStates.read(serde.deserializer().deserialize("t", bytes));

    assertThat(read.sends())
        .containsExactly(
            legacySend(
                "h-1#2",
                2,
                FollowupPlay.DISCOUNT_OFFER,
                "sms",
                new SequencePlan.StrategyRef("price-vip", 3, "twenty"),
                T0,
                false));
    assertThat(read.awaiting()).isEmpty();
  }

  @Test
  void aSequenceOfAStrategyKeepsItsPlanAndTheLastSendItsStrategyThroughTheStore() {
    SequencePlan.StrategyRef ref = new SequencePlan.StrategyRef("price-vip", 3, "twenty");
    SequencePlan plan =
        new SequencePlan(
            ref,
            List.of(
                new SequencePlan.Step(
                    StepType.REMINDER, 3_600_000L, null, "email", Map.of(), "cart-reminder"),
                new SequencePlan.Step(
                    StepType.REASON_PLAY,
                    43_200_000L,
                    FollowupPlay.FREE_SHIPPING,
                    null,
                    Map.of("free-shipping-threshold", "0"),
                    null)),
            Map.of(
                HesitationReason.PRICE,
                new PolicyConfig.PlaySpec(
                    FollowupPlay.DISCOUNT_OFFER, Map.of("discount-percent", "20"))),
            new SequencePlan.Guardrails(2, 86_400_000L, "22:00", "07:00"));
    FollowupState f =
        new FollowupState(
            new Running(
                "h-2",
                HesitationKind.CART_ABANDONED,
                HesitationReason.PRICE,
                T0,
                T0.minusSeconds(7200),
                1,
                T0.plusSeconds(3600),
                plan),
            T0.minusSeconds(60),
            List.of(T0.minusSeconds(60)),
            List.of(
                SentFollowup.sent(
                    "h-2#1",
                    "h-2",
                    1,
                    FollowupPlay.REMINDER,
                    HesitationReason.PRICE,
                    "email",
                    ref,
                    T0.minusSeconds(60))),
            "h-2",
            List.of());

    assertThat(throughTheStore(f, null)).isEqualTo(f);
  }

  @Test
  void anAttributedSendAndAnEndedSequenceRoundTrip() {
    FollowupState f =
        new FollowupState(
            null,
            T0,
            List.of(T0),
            List.of(legacySend(null, 2, FollowupPlay.DISCOUNT_OFFER, "sms", null, T0, true)),
            "h-1",
            List.of());

    assertThat(throughTheStore(f, null)).isEqualTo(f);
    assertThat(SequenceStates.dueAt(f)).isZero();
  }

  @Test
  void stateIsWrittenAsSmile() {
    assertThat(
            StateSerde.isSmile(
                serde
                    .serializer()
                    .serialize("t", SequenceStates.write(RUNNING_WITH_HISTORY, null))))
        .isTrue();
  }

  @Test
  void stateWrittenByTheFormerBinarySerdeIsStillRead() {
    assertThat(
            SequenceStates.read(
                serde.deserializer().deserialize("t", HexFormat.of().parseHex(LEGACY_RUNNING))))
        .isEqualTo(RUNNING_WITH_HISTORY);
    SequenceState ended =
        serde.deserializer().deserialize("t", HexFormat.of().parseHex(LEGACY_ENDED));
    assertThat(SequenceStates.read(ended)).isEqualTo(ENDED);
    assertThat(ended.active()).isFalse();
  }

  @Test
  void legacyStateReadIsRewrittenAsSmileAndReadsTheSame() {
    SequenceState legacy =
        serde.deserializer().deserialize("t", HexFormat.of().parseHex(LEGACY_RUNNING));
    byte[] rewritten = serde.serializer().serialize("t", legacy);
    assertThat(StateSerde.isSmile(rewritten)).isTrue();
    assertThat(SequenceStates.read(serde.deserializer().deserialize("t", rewritten)))
        .isEqualTo(RUNNING_WITH_HISTORY);
  }

  @Test
  void nothingStoredIsAVisitorNeverFollowedUp() {
    assertThat(SequenceStates.read(null)).isEqualTo(FollowupState.NONE);
    assertThat(throughTheStore(FollowupState.NONE, null)).isEqualTo(FollowupState.NONE);
  }

  @Test
  void endingASequenceClearsWhatIsPendingInTheStoredState() {
    SequenceState stored =
        SequenceStates.write(
            new FollowupState(
                new Running(
                    "h-1",
                    HesitationKind.CART_ABANDONED,
                    HesitationReason.PRICE,
                    T0,
                    T0,
                    0,
                    T0.plusSeconds(3600)),
                null,
                List.of(),
                List.of(),
                null,
                List.of()),
            null);

    SequenceState ended = SequenceStates.write(FollowupState.NONE, stored);

    assertThat(ended.active()).isFalse();
    assertThat(ended.dueAt).isZero();
    assertThat(ended.stepIndex).isZero();
  }
}
