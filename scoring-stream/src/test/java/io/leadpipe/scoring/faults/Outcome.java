package io.leadpipe.scoring.faults;

import static org.awaitility.Awaitility.await;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.ScoreSnapshot;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a run left for the visitors of one test: the last profile per visitor (null once retired, as
 * an id merged into another person's is), the segments each published revision had, every segment
 * change per visitor in topic order, and every identity merge decision; and how it compares with
 * another run (the undisturbed reference, which publishes after every event).
 */
final class Outcome {

  /** The cause a member's retirement carries (the Stitcher's LINK route). */
  static final String RETIRED_BY_MERGE = "identity merge ";

  final Map<String, ProspectProfile> profiles = new LinkedHashMap<>();
  final Map<String, List<SegmentChange>> changes = new LinkedHashMap<>();
  final Map<String, Map<Long, List<String>>> segmentsAtRevision = new LinkedHashMap<>();
  final List<IdentityMerge> merges = new ArrayList<>();

  void profile(String visitor, ProspectProfile profile) {
    profiles.put(visitor, profile);
    if (profile != null) {
      segmentsAtRevision
          .computeIfAbsent(visitor, v -> new HashMap<>())
          .put(profile.getRevision(), List.copyOf(profile.getSegments()));
    }
  }

  void merge(IdentityMerge merge) {
    if (merge != null) {
      merges.add(merge);
    }
  }

  void change(String visitor, SegmentChange change) {
    changes.computeIfAbsent(visitor, v -> new ArrayList<>()).add(change);
  }

  Outcome only(Predicate<String> visitors) {
    Outcome o = new Outcome();
    profiles.forEach(
        (k, v) -> {
          if (visitors.test(k)) {
            o.profile(k, v);
          }
        });
    changes.forEach(
        (k, v) -> {
          if (visitors.test(k)) {
            v.forEach(c -> o.change(k, c));
          }
        });
    segmentsAtRevision.forEach(
        (k, v) -> {
          if (visitors.test(k)) {
            o.segmentsAtRevision.put(k, v);
          }
        });
    merges.stream().filter(m -> visitors.test(m.getCanonicalId())).forEach(o::merge);
    return o;
  }

  /** Profiles not retired: one per person. */
  long profileCount() {
    return profiles.values().stream().filter(Objects::nonNull).count();
  }

  /**
   * Who ended up in whose profile: each canonical id and the ids merged into it (MERGED decisions
   * replayed in topic order; a canonical id absorbed later brings its members along).
   */
  Map<String, Set<String>> persons() {
    Map<String, String> canonicalOf = new TreeMap<>();
    for (IdentityMerge m : merges) {
      if (m.getStatus() != MergeStatus.MERGED) {
        continue;
      }
      String into = m.getCanonicalId();
      for (String member : m.getMemberIds()) {
        canonicalOf.replaceAll((id, c) -> c.equals(member) ? into : c);
        canonicalOf.put(member, into);
      }
      canonicalOf.remove(into);
    }
    Map<String, Set<String>> persons = new TreeMap<>();
    canonicalOf.forEach((id, c) -> persons.computeIfAbsent(c, x -> new TreeSet<>()).add(id));
    return persons;
  }

  /**
   * Each merge decision as what it decided: status, survivor, absorbed person, the ids that moved,
   * rule, hashed matched value and refusal reason. Not its merge id, event time or cause: those
   * name the claim that completed the link, and when two claims make one link (two visitors giving
   * the same email) which of them the identity graph sees last depends on the partitions' pace.
   */
  List<String> decisions() {
    return merges.stream()
        .map(
            m ->
                m.getStatus()
                    + " "
                    + m.getAbsorbedId()
                    + " "
                    + new TreeSet<>(m.getMemberIds())
                    + " -> "
                    + m.getCanonicalId()
                    + " by "
                    + m.getRule()
                    + " on "
                    + m.getMatchedOn()
                    + (m.getReason() == null ? "" : " (" + m.getReason() + ")"))
        .sorted()
        .toList();
  }

  int segmentChangeCount() {
    return segmentChangeCount(visitor -> true);
  }

  int segmentChangeCount(Predicate<String> visitors) {
    return changes.entrySet().stream()
        .filter(e -> visitors.test(e.getKey()))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  /**
   * How long after its group settled a run may still publish: a moved task's restore, then its next
   * publish.
   */
  static final Duration STILL_PUBLISHING = Duration.ofMinutes(1);

  /** The outcome last read, its comparison with the reference, and how many reads it took. */
  record Settled(Outcome actual, Comparison comparison, int reads) {

    /** Every profile and person as the reference's, and no segment change made twice. */
    boolean equalsReference(Outcome reference) {
      return comparison.mismatches().isEmpty()
          && comparison.duplicateSegmentChanges() == 0
          && actual.persons().equals(reference.persons());
    }
  }

  /**
   * Reads a run's outcome ({@code read}) until it equals {@code reference}, or {@link
   * #STILL_PUBLISHING} passed: the last read then, for the caller's assertions to say what differs.
   * A group that settled can still publish: the profiles pending in a task when a rebalance moved
   * it are published once the task is restored where it went, which a rebalance between two polls
   * of {@link BrokerView#awaitSettled} can hide. A lost or doubled input never comes to equal it.
   */
  static Settled readUntilEqual(
      Supplier<Outcome> read, Outcome reference, Predicate<String> interleaved) {
    return readUntilEqual(read, reference, interleaved, STILL_PUBLISHING);
  }

  /** As {@link #readUntilEqual(Supplier, Outcome, Predicate)}, giving up after {@code atMost}. */
  static Settled readUntilEqual(
      Supplier<Outcome> read, Outcome reference, Predicate<String> interleaved, Duration atMost) {
    AtomicReference<Settled> last = new AtomicReference<>();
    try {
      await("the outcome equal to the undisturbed run's")
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Outcome actual = read.get();
                int reads = last.get() == null ? 1 : last.get().reads() + 1;
                last.set(new Settled(actual, actual.compareWith(reference, interleaved), reads));
                return last.get().equalsReference(reference);
              });
    } catch (ConditionTimeoutException e) {
      // The caller asserts on the last read, naming what differs.
    }
    return last.get();
  }

  /** The comparison of this run with the reference, visitor by visitor, every one in order. */
  Comparison compareWith(Outcome reference) {
    return compareWith(reference, visitor -> false);
  }

  /**
   * The comparison of this run with the reference, visitor by visitor. {@code interleaved}: the
   * visitors whose state is fed by more than one topic partition (web and social events, identity
   * events, referral credits, a merged person's members), whose inputs Kafka Streams interleaves in
   * an order the input does not fix (timestamp order is best effort across partitions, and a
   * rebalance or restart fetches them unevenly): their profile is compared except the score history
   * before its last snapshot, and their segment changes by what they add up to, not revision by
   * revision.
   */
  Comparison compareWith(Outcome reference, Predicate<String> interleaved) {
    List<String> mismatches = new ArrayList<>();
    List<String> historyDivergences = new ArrayList<>();
    var visitors = new TreeSet<String>(reference.profiles.keySet());
    visitors.addAll(profiles.keySet());
    visitors.addAll(reference.changes.keySet());
    visitors.addAll(changes.keySet());
    for (String visitor : visitors) {
      ProspectProfile expected = reference.profiles.get(visitor);
      ProspectProfile actual = profiles.get(visitor);
      Map<Long, List<String>> referenceSegments = reference.segmentsAtRevision.get(visitor);
      boolean retired = expected == null && actual == null;
      boolean anyOrder = interleaved.test(visitor);
      if (expected == null ^ actual == null) {
        mismatches.add(visitor + ": profile " + (expected == null ? "not expected" : "missing"));
      } else if (!retired && !sameProfile(expected, actual)) {
        if (anyOrder && sameExceptEarlierHistory(expected, actual)) {
          historyDivergences.add(
              visitor
                  + ": score history "
                  + expected.getScoreHistory()
                  + " but was "
                  + actual.getScoreHistory());
        } else {
          mismatches.add(visitor + ": expected " + expected + "\n   but was " + actual);
        }
      }
      List<String> wrong =
          anyOrder ? List.of() : disagreeing(changes.get(visitor), referenceSegments, retired);
      if (!wrong.isEmpty()) {
        mismatches.add(
            visitor
                + (retired ? ": retired, segment changes " : ": segment changes ")
                + wrong
                + " disagree with the reference's segments at their revision "
                + referenceSegments);
      }
      // What the changes add up to is the segments the visitor is in at the end (none, retired).
      List<String> finalSegments =
          expected == null ? List.of() : expected.getSegments().stream().sorted().toList();
      List<String> netOfChanges = stillIn(changes.get(visitor));
      if (!netOfChanges.equals(finalSegments)) {
        mismatches.add(
            visitor
                + ": segment changes leave it in "
                + netOfChanges
                + ", its profile is in "
                + finalSegments);
      }
    }
    List<String> expectedDecisions = reference.decisions();
    List<String> actualDecisions = decisions();
    if (!expectedDecisions.equals(actualDecisions)) {
      mismatches.add(
          "identity merges: expected " + expectedDecisions + "\n   but were " + actualDecisions);
    }
    return new Comparison(
        visitors.size(),
        mismatches,
        historyDivergences,
        duplicateTransitions(),
        merges.size(),
        persons().size());
  }

  /**
   * Every field equal but the score history, whose last snapshot (the final scores) is equal too.
   * History is appended per input applied, and for a merged person per refold of its members'
   * states (MergedProfiles): which snapshots are kept depends on the order the inputs were applied
   * in and on when each member's update reached the canonical id's partition, which the
   * TopologyTestDriver does at once and a real run one repartition hop later.
   */
  private static boolean sameExceptEarlierHistory(
      ProspectProfile expected, ProspectProfile actual) {
    List<ScoreSnapshot> e = expected.getScoreHistory();
    List<ScoreSnapshot> a = actual.getScoreHistory();
    if (e.isEmpty()
        || a.isEmpty()
        || !e.get(e.size() - 1).toString().equals(a.get(a.size() - 1).toString())) {
      return false;
    }
    ProspectProfile x = ProspectProfile.newBuilder(expected).setScoreHistory(List.of()).build();
    ProspectProfile y = ProspectProfile.newBuilder(actual).setScoreHistory(List.of()).build();
    return sameProfile(x, y);
  }

  /** The segments a visitor's changes leave them in (their last change per segment ENTERED). */
  private static List<String> stillIn(List<SegmentChange> changes) {
    Map<String, SegmentChangeType> last = new TreeMap<>();
    if (changes != null) {
      changes.forEach(c -> last.put(c.getSegmentId(), c.getChange()));
    }
    return last.entrySet().stream()
        .filter(e -> e.getValue() == SegmentChangeType.ENTERED)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Field by field through the record's full rendering: the generated {@code equals} cannot compare
   * logical-type timestamps inside unions in arrays (Avro's GenericData.compare has no conversions
   * there).
   */
  private static boolean sameProfile(ProspectProfile expected, ProspectProfile actual) {
    return expected.toString().equals(actual.toString());
  }

  /**
   * Changes that repeat the previous change of the same visitor and segment (ENTERED after ENTERED,
   * EXITED after EXITED, or EXITED first): what a replay after a crash would add.
   */
  int duplicateTransitions() {
    int duplicates = 0;
    for (List<SegmentChange> perVisitor : changes.values()) {
      Map<String, SegmentChangeType> last = new LinkedHashMap<>();
      for (SegmentChange c : perVisitor) {
        SegmentChangeType previous = last.put(c.getSegmentId(), c.getChange());
        boolean repeated =
            previous == null
                ? c.getChange() == SegmentChangeType.EXITED
                : previous == c.getChange();
        if (repeated) {
          duplicates++;
        }
      }
    }
    return duplicates;
  }

  /**
   * A run publishes once per interval, so which revisions it published depends on timing; what may
   * not differ is the membership each change claims: ENTERED at revision r means the reference's
   * profile had the segment at r, EXITED that it had not. (With no duplicates and equal final
   * profiles, that leaves only the coalesced intermediate revisions unpublished.)
   */
  static List<String> disagreeing(
      List<SegmentChange> changes, Map<Long, List<String>> referenceSegments) {
    return disagreeing(changes, referenceSegments, false);
  }

  /**
   * As {@link #disagreeing(List, Map)}, for a visitor whose profile was retired ({@code retired}):
   * the EXITED changes its retirement caused (an identity merge) claim the opposite, that the
   * profile last published, at that revision, had the segment.
   */
  static List<String> disagreeing(
      List<SegmentChange> changes, Map<Long, List<String>> referenceSegments, boolean retired) {
    List<String> wrong = new ArrayList<>();
    if (changes == null) {
      return wrong;
    }
    long lastPublished =
        referenceSegments == null
            ? 0
            : referenceSegments.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    for (SegmentChange c : changes) {
      if (retired && c.getProfileRevision() > lastPublished) {
        // The identity graph's link reaches a member's partition one hop after its claim: until
        // then a real run publishes the member on its own, revisions the reference (which follows
        // the link at once) never published. Their membership is not known to the reference;
        // that the member leaves every segment when retired is checked apart.
        continue;
      }
      List<String> then =
          referenceSegments == null ? null : referenceSegments.get(c.getProfileRevision());
      boolean entered = c.getChange() == SegmentChangeType.ENTERED;
      boolean retirement =
          retired && !entered && c.getCause() != null && c.getCause().startsWith(RETIRED_BY_MERGE);
      if (then == null || then.contains(c.getSegmentId()) != (entered || retirement)) {
        wrong.addAll(transitions(List.of(c)));
      }
    }
    return wrong;
  }

  /** Segment, transition, the profile revision it happened at and its cause. */
  private static List<String> transitions(List<SegmentChange> changes) {
    return changes == null
        ? List.of()
        : changes.stream()
            .map(
                c ->
                    c.getSegmentId()
                        + " "
                        + c.getChange()
                        + " @r"
                        + c.getProfileRevision()
                        + " ("
                        + c.getCause()
                        + ")")
            .toList();
  }

  /**
   * {@code historyDivergences}: merged persons whose profile equals the reference's but for the
   * score history before its last snapshot (a production limitation, see {@code
   * sameExceptEarlierHistory}); reported, not a mismatch.
   */
  record Comparison(
      int visitorsCompared,
      List<String> mismatches,
      List<String> historyDivergences,
      int duplicateSegmentChanges,
      int mergeDecisions,
      int mergedPersons) {

    String figures() {
      return "visitors compared="
          + visitorsCompared
          + ", merge decisions="
          + mergeDecisions
          + " ("
          + mergedPersons
          + " merged persons)"
          + ", mismatches="
          + mismatches.size()
          + ", earlier score history differing="
          + historyDivergences.size()
          + ", duplicate segment changes="
          + duplicateSegmentChanges;
    }
  }
}
