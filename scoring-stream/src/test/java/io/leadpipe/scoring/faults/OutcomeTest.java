package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeRule;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  @Test
  void anOutcomeIsReadAgainUntilItEqualsTheReference() {
    Outcome reference = new Outcome();
    reference.merge(merge("u1", "a1", List.of("a1")));
    Outcome published = new Outcome();
    published.merge(merge("u1", "a1", List.of("a1")));
    // The first read comes before a moved task published the merge.
    Iterator<Outcome> reads = List.of(new Outcome(), published).iterator();

    Outcome.Settled settled =
        Outcome.readUntilEqual(reads::next, reference, visitor -> false, Duration.ofSeconds(10));

    assertThat(settled.reads()).isEqualTo(2);
    assertThat(settled.equalsReference(reference)).isTrue();
  }

  @Test
  void anOutcomeThatNeverEqualsTheReferenceIsReturnedAsLastRead() {
    Outcome reference = new Outcome();
    reference.merge(merge("u1", "a1", List.of("a1")));

    Outcome.Settled settled =
        Outcome.readUntilEqual(Outcome::new, reference, visitor -> false, Duration.ofSeconds(2));

    assertThat(settled.equalsReference(reference)).isFalse();
    assertThat(settled.actual().persons()).isEmpty();
  }

  @Test
  void mergesReplayedInOrderSayWhoEndedUpInWhoseProfile() {
    Outcome outcome = new Outcome();
    outcome.merge(merge("u1", "a1", List.of("a1")));
    outcome.merge(merge("u2", "a2", List.of("a2")));
    outcome.merge(merge("u1", "u2", List.of("u2", "a2")));
    outcome.merge(
        IdentityMerge.newBuilder(merge("u3", "u1", List.of()))
            .setStatus(MergeStatus.REFUSED)
            .setReason("conflicting-user-id")
            .build());

    assertThat(outcome.persons()).isEqualTo(Map.of("u1", Set.of("a1", "a2", "u2")));
    assertThat(outcome.decisions())
        .containsExactly(
            "MERGED a1 [a1] -> u1 by IDENTIFY on null",
            "MERGED a2 [a2] -> u2 by IDENTIFY on null",
            "MERGED u2 [a2, u2] -> u1 by IDENTIFY on null",
            "REFUSED u1 [] -> u3 by IDENTIFY on null (conflicting-user-id)");
  }

  @Test
  void aRetiredMembersOwnRevisionsPastTheReferencesAreUncheckedButItMustLeaveEverySegment() {
    Outcome reference = new Outcome();
    reference.change("a1", change("a1", "carts", SegmentChangeType.ENTERED, 2));
    reference.change("a1", change("a1", "carts", SegmentChangeType.EXITED, 3));
    Map<Long, List<String>> segments = Map.of(2L, List.of("carts"), 3L, List.of());

    // Published on its own twice more before the link reached its partition, then retired.
    assertThat(
            Outcome.disagreeing(
                List.of(
                    change("a1", "carts", SegmentChangeType.ENTERED, 2),
                    change("a1", "carts", SegmentChangeType.EXITED, 3),
                    change("a1", "carts", SegmentChangeType.ENTERED, 5),
                    retirement("a1", "carts", 5)),
                segments,
                true))
        .isEmpty();
    // A retirement claims the profile had the segment at that revision.
    assertThat(Outcome.disagreeing(List.of(retirement("a1", "carts", 3)), segments, true))
        .hasSize(1);

    Outcome actual = new Outcome();
    actual.change("a1", change("a1", "carts", SegmentChangeType.ENTERED, 2));
    assertThat(actual.compareWith(reference).mismatches())
        .containsExactly("a1: segment changes leave it in [carts], its profile is in []");
  }

  private static IdentityMerge merge(String canonical, String absorbed, List<String> members) {
    return IdentityMerge.newBuilder()
        .setMergeId("merge-" + canonical + "-" + absorbed)
        .setStatus(MergeStatus.MERGED)
        .setCanonicalId(canonical)
        .setAbsorbedId(absorbed)
        .setMemberIds(members)
        .setRule(MergeRule.IDENTIFY)
        .setAt(AT)
        .build();
  }

  private static SegmentChange retirement(String visitor, String segment, long revision) {
    return SegmentChange.newBuilder(change(visitor, segment, SegmentChangeType.EXITED, revision))
        .setCause(Outcome.RETIRED_BY_MERGE + "m-merge")
        .build();
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
