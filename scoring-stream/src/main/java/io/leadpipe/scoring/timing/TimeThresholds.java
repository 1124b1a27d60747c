package io.leadpipe.scoring.timing;

import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.segment.ProfileAttributes;
import io.leadpipe.scoring.segment.SegmentEvaluator;
import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The numbers the enabled segment rules compare what changes with time alone with: day counts per
 * time attribute ({@code {"attr":"activity.daysSinceLastSeen","op":"gt","value":14}} contributes 14
 * to LAST_SEEN) and levels of the unrounded, decaying engagement score at which the shown score
 * (one decimal) changes a comparison's answer ({@code {"attr":"engagement.score","op":"gte",
 * "value":50}} contributes 49.95: the shown score is 50.0 or more exactly while the unrounded one
 * is at least 49.95). A rule's answer on these can only change when the value crosses one of these
 * numbers, so they are the only moments a visitor's timer needs (besides the stage and lead-type
 * moments); of these, only the ones the visitor's other attributes leave open ({@link #reachable}).
 */
public record TimeThresholds(
    Map<TimeAttribute, NavigableSet<Double>> days, NavigableSet<Double> engagementLevels) {

  /** The decaying score rules compare with. */
  public static final String ENGAGEMENT_SCORE = "engagement.score";

  public static final TimeThresholds NONE = new TimeThresholds(Map.of(), new TreeSet<>());

  public TimeThresholds {
    EnumMap<TimeAttribute, NavigableSet<Double>> copy = new EnumMap<>(TimeAttribute.class);
    days.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    days = copy;
    engagementLevels = new TreeSet<>(engagementLevels);
  }

  /** The thresholds of every comparison on a time attribute or the engagement score, anywhere. */
  public static TimeThresholds of(Collection<SegmentRule> rules) {
    return reachable(rules, null);
  }

  /**
   * The thresholds of {@code rules} a visitor with these {@code attributes} (the evaluated
   * profile's view) can still cross into or out of a segment before their next event. A comparison
   * of an attribute only their next event can change ({@link
   * ProfileAttributes#settledUntilNextEvent}: the age and fit of a visitor who told no birth year,
   * too) is answered now; a part of a rule that this answer settles (an "all" with a false part, an
   * "any" with a true one, a rule settled as a whole) has no threshold that could change the
   * answer. "In New Zealand and quiet for a day" gives a visitor elsewhere no timer, where {@link
   * #of} gives every visitor one. With no {@code attributes} (null) nothing is settled.
   */
  public static TimeThresholds reachable(Collection<SegmentRule> rules, Map<String, ?> attributes) {
    if (rules.isEmpty()) {
      return NONE;
    }
    Map<TimeAttribute, NavigableSet<Double>> days = new EnumMap<>(TimeAttribute.class);
    NavigableSet<Double> engagement = new TreeSet<>();
    for (SegmentRule rule : rules) {
      collectOpen(rule, attributes, days, engagement);
    }
    return days.isEmpty() && engagement.isEmpty() ? NONE : new TimeThresholds(days, engagement);
  }

  /** Whether there is no threshold: nothing changes with time but the stage and lead types. */
  public boolean isEmpty() {
    return days.isEmpty() && engagementLevels.isEmpty();
  }

  public NavigableSet<Double> of(TimeAttribute attribute) {
    NavigableSet<Double> set = days.get(attribute);
    return set == null ? new TreeSet<>() : set;
  }

  /** The thresholds anywhere in the rule but in the parts the visitor's attributes settle. */
  private static void collectOpen(
      SegmentRule rule,
      Map<String, ?> attributes,
      Map<TimeAttribute, NavigableSet<Double>> days,
      NavigableSet<Double> engagement) {
    if (settled(rule, attributes) != null) {
      return;
    }
    if (rule instanceof SegmentRule.All all) {
      all.rules().forEach(r -> collectOpen(r, attributes, days, engagement));
    } else if (rule instanceof SegmentRule.Any any) {
      any.rules().forEach(r -> collectOpen(r, attributes, days, engagement));
    } else if (rule instanceof SegmentRule.Not not) {
      collectOpen(not.rule(), attributes, days, engagement);
    } else {
      collectCompared((SegmentRule.Compare) rule, days, engagement);
    }
  }

  /**
   * The rule's answer when the attributes only events change decide it (it holds until the
   * visitor's next event), or null when the clock may still change it: three-valued logic, where
   * "all" is false once a part is false and "any" true once a part is true. Null attributes settle
   * nothing.
   */
  private static Boolean settled(SegmentRule rule, Map<String, ?> attributes) {
    if (attributes == null) {
      return null;
    }
    if (rule instanceof SegmentRule.All all) {
      return settledParts(all.rules(), attributes, false);
    }
    if (rule instanceof SegmentRule.Any any) {
      return settledParts(any.rules(), attributes, true);
    }
    if (rule instanceof SegmentRule.Not not) {
      Boolean part = settled(not.rule(), attributes);
      return part == null ? null : !part;
    }
    SegmentRule.Compare compare = (SegmentRule.Compare) rule;
    return ProfileAttributes.settledUntilNextEvent(compare.attribute(), attributes)
        ? SegmentEvaluator.matches(compare, attributes)
        : null;
  }

  /**
   * "all" ({@code decisive} false) or "any" (true): {@code decisive} once a part is, the other
   * answer when every part is settled the other way, else null.
   */
  private static Boolean settledParts(
      List<SegmentRule> parts, Map<String, ?> attributes, boolean decisive) {
    boolean open = false;
    for (SegmentRule part : parts) {
      Boolean answer = settled(part, attributes);
      if (answer == null) {
        open = true;
      } else if (answer == decisive) {
        return decisive;
      }
    }
    return open ? null : !decisive;
  }

  private static void collectCompared(
      SegmentRule.Compare compare,
      Map<TimeAttribute, NavigableSet<Double>> days,
      NavigableSet<Double> engagement) {
    if (ENGAGEMENT_SCORE.equals(compare.attribute())) {
      for (Object value : values(compare.value())) {
        if (value instanceof Double d && Double.isFinite(d)) {
          engagement.addAll(levels(compare.op(), d));
        }
      }
    } else {
      TimeAttribute.of(compare.attribute())
          .ifPresent(
              attribute -> {
                for (Object value : values(compare.value())) {
                  // A negative count never comes: days since are never negative.
                  if (value instanceof Double d && d >= 0 && Double.isFinite(d)) {
                    days.computeIfAbsent(attribute, x -> new TreeSet<>()).add(d);
                  }
                }
              });
    }
  }

  private static final double DECIMALS = EngagementScorer.SHOWN_DECIMALS;
  private static final double HALF_A_SHOWN_STEP = 0.5 / DECIMALS;

  /** The unrounded score from which the shown one is at least {@code value}. */
  static double reachesLevel(double value) {
    return Math.ceil(value * DECIMALS) / DECIMALS - HALF_A_SHOWN_STEP;
  }

  /**
   * Where the unrounded score must be for the shown one (a multiple of 0.1, rounded half up) to
   * answer {@code op value} differently: shown >= T from ceil(10T)/10 - 0.05 on, shown > T from
   * floor(10T)/10 + 0.05 on; other operators change at either.
   */
  private static List<Double> levels(SegmentRule.Op op, double value) {
    double reaches = reachesLevel(value);
    double passes = Math.floor(value * DECIMALS) / DECIMALS + HALF_A_SHOWN_STEP;
    return switch (op) {
      case GTE, LT -> List.of(reaches);
      case GT, LTE -> List.of(passes);
      default -> List.of(reaches, passes);
    };
  }

  private static List<?> values(Object value) {
    return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
  }
}
