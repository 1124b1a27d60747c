package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  @Test
  void aRunMaySkipRevisionsButEveryChangeMustMatchTheReferenceMembershipAtItsRevision() {
    Map<Long, List<String>> reference =
        Map.of(1L, List.of(), 2L, List.of("carts"), 3L, List.of(), 4L, List.of("carts"));

    // Coalesced: revisions 2 and 3 were never published, the change at 4 is still true.
    assertThat(
            Outcome.disagreeing(
                List.of(change("v1", "carts", SegmentChangeType.ENTERED, 4)), reference))
        .isEmpty();
    assertThat(
            Outcome.disagreeing(
                List.of(
                    change("v1", "carts", SegmentChangeType.ENTERED, 2),
                    change("v1", "carts", SegmentChangeType.EXITED, 4)),
                reference))
        .containsExactly("carts EXITED @r4 (m4)");
    assertThat(
            Outcome.disagreeing(
                List.of(change("v1", "carts", SegmentChangeType.ENTERED, 9)), reference))
        .as("a revision the reference never had")
        .hasSize(1);
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
