package io.leadpipe.scoring.faults;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a run left for the visitors of one test: the last profile per visitor, the segments each
 * published revision had, and every segment change per visitor in topic order; and how it compares
 * with another run (the undisturbed reference, which publishes after every event).
 */
final class Outcome {

  final Map<String, ProspectProfile> profiles = new LinkedHashMap<>();
  final Map<String, List<SegmentChange>> changes = new LinkedHashMap<>();
  final Map<String, Map<Long, List<String>>> segmentsAtRevision = new LinkedHashMap<>();

  void profile(String visitor, ProspectProfile profile) {
    profiles.put(visitor, profile);
    if (profile != null) {
      segmentsAtRevision
          .computeIfAbsent(visitor, v -> new HashMap<>())
          .put(profile.getRevision(), List.copyOf(profile.getSegments()));
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
    return o;
  }

  int segmentChangeCount() {
    return changes.values().stream().mapToInt(List::size).sum();
  }

  /** The comparison of this run with the reference, visitor by visitor. */
  Comparison compareWith(Outcome reference) {
    List<String> mismatches = new ArrayList<>();
    var visitors = new TreeSet<String>(reference.profiles.keySet());
    visitors.addAll(profiles.keySet());
    for (String visitor : visitors) {
      ProspectProfile expected = reference.profiles.get(visitor);
      ProspectProfile actual = profiles.get(visitor);
      if (expected == null || actual == null) {
        mismatches.add(visitor + ": profile " + (expected == null ? "not expected" : "missing"));
      } else if (!sameProfile(expected, actual)) {
        mismatches.add(visitor + ": expected " + expected + "\n   but was " + actual);
      } else {
        List<String> wrong =
            disagreeing(changes.get(visitor), reference.segmentsAtRevision.get(visitor));
        if (!wrong.isEmpty()) {
          mismatches.add(
              visitor
                  + ": segment changes "
                  + wrong
                  + " disagree with the reference's segments at their revision "
                  + reference.segmentsAtRevision.get(visitor));
        }
      }
    }
    return new Comparison(visitors.size(), mismatches, duplicateTransitions());
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
    List<String> wrong = new ArrayList<>();
    if (changes == null) {
      return wrong;
    }
    for (SegmentChange c : changes) {
      List<String> then =
          referenceSegments == null ? null : referenceSegments.get(c.getProfileRevision());
      boolean entered = c.getChange() == SegmentChangeType.ENTERED;
      if (then == null || then.contains(c.getSegmentId()) != entered) {
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

  record Comparison(int visitorsCompared, List<String> mismatches, int duplicateSegmentChanges) {

    String figures() {
      return "visitors compared="
          + visitorsCompared
          + ", mismatches="
          + mismatches.size()
          + ", duplicate segment changes="
          + duplicateSegmentChanges;
    }
  }
}
