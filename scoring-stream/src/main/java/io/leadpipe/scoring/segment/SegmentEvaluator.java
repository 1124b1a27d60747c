package io.leadpipe.scoring.segment;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile is in a segment when its rule holds over the profile's attribute view. Missing
 * attributes make every comparison false except "exists" negated; strings compare
 * case-insensitively.
 */
public final class SegmentEvaluator {

  private SegmentEvaluator() {}

  /**
   * Whether the rule holds for a published profile with its time attributes counted to {@code at}
   * rather than to the profile's evaluation (the match preview asks about now).
   */
  public static boolean matches(SegmentRule rule, ProspectProfile profile, Instant at) {
    return matches(rule, ProfileAttributesView.of(profile, at));
  }

  public static boolean matches(SegmentRule rule, Map<String, ?> profile) {
    // Java 17: no pattern matching in switch yet, hence the instanceof chain over the sealed type.
    if (rule instanceof SegmentRule.All all) {
      return all.rules().stream().allMatch(r -> matches(r, profile));
    }
    if (rule instanceof SegmentRule.Any any) {
      return any.rules().stream().anyMatch(r -> matches(r, profile));
    }
    if (rule instanceof SegmentRule.Not not) {
      return !matches(not.rule(), profile);
    }
    SegmentRule.Compare c = (SegmentRule.Compare) rule;
    return compare(c, profile.get(c.attribute()));
  }

  private static boolean compare(SegmentRule.Compare c, Object actual) {
    if (c.op() == SegmentRule.Op.EXISTS) {
      return actual != null && !(actual instanceof Collection<?> col && col.isEmpty());
    }
    if (actual == null) {
      return false;
    }
    return switch (c.op()) {
      case EQ -> same(actual, c.value());
      case NEQ -> !same(actual, c.value());
      case GT -> comparable(actual, c.value()) && order(actual, c.value()) > 0;
      case GTE -> comparable(actual, c.value()) && order(actual, c.value()) >= 0;
      case LT -> comparable(actual, c.value()) && order(actual, c.value()) < 0;
      case LTE -> comparable(actual, c.value()) && order(actual, c.value()) <= 0;
      case IN -> ((List<?>) c.value()).stream().anyMatch(v -> same(actual, v));
      case NOT_IN -> ((List<?>) c.value()).stream().noneMatch(v -> same(actual, v));
      case CONTAINS ->
          actual instanceof Collection<?> col
              ? col.stream().anyMatch(e -> same(e, c.value()))
              : String.valueOf(actual)
                  .toLowerCase(Locale.ROOT)
                  .contains(String.valueOf(c.value()).toLowerCase(Locale.ROOT));
      case EXISTS -> throw new IllegalStateException("handled above");
    };
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    return String.valueOf(a).equalsIgnoreCase(String.valueOf(b));
  }

  /** An ordering between a number and a string ("age > 'abc'") never holds, either way round. */
  private static boolean comparable(Object a, Object b) {
    return (a instanceof Number) == (b instanceof Number) && !(a instanceof Collection<?>);
  }

  /** Numbers compare numerically, strings (e.g. grades) case-insensitively by name. */
  private static int order(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return String.valueOf(a).compareToIgnoreCase(String.valueOf(b));
  }
}
