package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verifier of the fault tests must see what a replay after a crash would add. */
class OutcomeTest {

  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void alternatingTransitionsAreNotDuplicates() {
    Outcome outcome = new Outcome();
    outcome.change("v1", change("v1", "carts", SegmentChangeType.ENTERED, 1));
    outcome.change("v1", change("v1", "buyers", SegmentChangeType.ENTERED, 2));
    outcome.change("v1", change("v1", "carts", SegmentChangeType.EXITED, 2));
    outcome.change("v1", change("v1", "carts", SegmentChangeType.ENTERED, 5));

    assertThat(outcome.duplicateTransitions()).isZero();
  }

  @Test
  void aRepeatedTransitionOrAnExitWithoutEntryIsADuplicate() {
    Outcome outcome = new Outcome();
    outcome.change("v1", change("v1", "carts", SegmentChangeType.ENTERED, 1));
    outcome.change("v1", change("v1", "carts", SegmentChangeType.ENTERED, 1));
    outcome.change("v2", change("v2", "carts", SegmentChangeType.EXITED, 3));

    assertThat(outcome.duplicateTransitions()).isEqualTo(2);
  }

  private static SegmentChange change(
      String visitor, String segment, SegmentChangeType type, long revision) {
    return SegmentChange.newBuilder()
        .setVisitorId(visitor)
        .setSegmentId(segment)
        .setChange(type)
        .setAt(AT)
        .setCause("m" + revision)
        .setProfileRevision(revision)
        .build();
  }
}
