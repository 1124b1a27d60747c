package io.leadpipe.scoring.timing;

import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The day counts the enabled segment rules compare each time attribute with: {@code
 * {"attr":"activity.daysSinceLastSeen","op":"gt","value":14}} contributes 14 to LAST_SEEN. A rule's
 * answer on a time attribute can only change when the count crosses one of these numbers, so they
 * are the only moments a visitor's timer needs (besides the stage and lead-type moments).
 */
public record TimeThresholds(Map<TimeAttribute, NavigableSet<Double>> days) {

  public static final TimeThresholds NONE = new TimeThresholds(Map.of());

  public TimeThresholds {
    EnumMap<TimeAttribute, NavigableSet<Double>> copy = new EnumMap<>(TimeAttribute.class);
    days.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    days = copy;
  }

  /** The thresholds of every comparison on a time attribute, anywhere in the rules. */
  public static TimeThresholds of(Collection<SegmentRule> rules) {
    Map<TimeAttribute, NavigableSet<Double>> days = new EnumMap<>(TimeAttribute.class);
    rules.forEach(rule -> collect(rule, days));
    return new TimeThresholds(days);
  }

  public NavigableSet<Double> of(TimeAttribute attribute) {
    NavigableSet<Double> set = days.get(attribute);
    return set == null ? new TreeSet<>() : set;
  }

  private static void collect(SegmentRule rule, Map<TimeAttribute, NavigableSet<Double>> days) {
    if (rule instanceof SegmentRule.All all) {
      all.rules().forEach(r -> collect(r, days));
    } else if (rule instanceof SegmentRule.Any any) {
      any.rules().forEach(r -> collect(r, days));
    } else if (rule instanceof SegmentRule.Not not) {
      collect(not.rule(), days);
    } else if (rule instanceof SegmentRule.Compare compare) {
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

  private static List<?> values(Object value) {
    return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
  }
}
