package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.sequence.FollowupState;
import io.leadpipe.notifier.sequence.FollowupState.LastSend;
import io.leadpipe.notifier.sequence.FollowupState.Running;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules' state survives the store: written, serialised with the unchanged serde, read back. */
class SequenceStatesTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final SequenceStateSerde serde = new SequenceStateSerde();

  private FollowupState throughTheStore(FollowupState f, SequenceState stored) {
    byte[] bytes = serde.serializer().serialize("t", SequenceStates.write(f, stored));
    return SequenceStates.read(serde.deserializer().deserialize("t", bytes));
  }

  @Test
  void aRunningSequenceWithHistoryRoundTrips() {
    FollowupState f = new FollowupState(
        new Running("h-2", HesitationKind.CHECKOUT_ABANDONED, HesitationReason.SHIPPING, T0, T0.minusSeconds(7200),
            1, T0.plusSeconds(3600)),
        T0.minusSeconds(60), List.of(T0.minusSeconds(120), T0.minusSeconds(60)),
        new LastSend("h-1#1", 1, FollowupPlay.REMINDER, HesitationReason.PRICE, "email"), "h-1");

    assertThat(throughTheStore(f, null)).isEqualTo(f);
    assertThat(SequenceStates.dueAt(f)).isEqualTo(T0.plusSeconds(3600).toEpochMilli());
  }

  @Test
  void anAttributedSendAndAnEndedSequenceRoundTrip() {
    FollowupState f = new FollowupState(null, T0, List.of(T0),
        new LastSend(null, 2, FollowupPlay.DISCOUNT_OFFER, HesitationReason.PRICE, "sms"), "h-1");

    assertThat(throughTheStore(f, null)).isEqualTo(f);
    assertThat(SequenceStates.dueAt(f)).isZero();
  }

  @Test
  void nothingStoredIsAVisitorNeverFollowedUp() {
    assertThat(SequenceStates.read(null)).isEqualTo(FollowupState.NONE);
    assertThat(throughTheStore(FollowupState.NONE, null)).isEqualTo(FollowupState.NONE);
  }

  @Test
  void endingASequenceClearsWhatIsPendingInTheStoredState() {
    SequenceState stored = SequenceStates.write(new FollowupState(
        new Running("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0, T0, 0, T0.plusSeconds(3600)),
        null, List.of(), null, null), null);

    SequenceState ended = SequenceStates.write(FollowupState.NONE, stored);

    assertThat(ended.active()).isFalse();
    assertThat(ended.dueAt).isZero();
    assertThat(ended.stepIndex).isZero();
  }
}
