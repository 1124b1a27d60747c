package io.leadpipe.scoring.engagement;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engagement = sum over signals of points x 0.5^(age / half-life); at most dailyCap occurrences of
 * a signal count per UTC day; unknown signals score nothing.
 */
public final class EngagementScorer {

  private final EngagementRules rules;

  public EngagementScorer(EngagementRules rules) {
    this.rules = rules;
  }

  /**
   * Applies one occurrence of {@code signal} at event time {@code at}. Late events are decayed from
   * their own time to the state's reference time, so the result does not depend on arrival order.
   * Returns the same map instance when the event does not count (unknown signal or daily cap
   * reached).
   */
  public Map<String, SignalState> apply(
      Map<String, SignalState> states, String signal, Instant at) {
    var rule = rules.rule(signal).orElse(null);
    if (rule == null) {
      return states;
    }
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    SignalState current = states.get(signal);
    SignalState next;
    if (current == null) {
      next = new SignalState(rule.points(), at, day, 1, at);
    } else {
      int countOnDay;
      LocalDate stateDay;
      if (day.equals(current.day())) {
        if (current.countOnDay() >= rule.dailyCap()) {
          return states;
        }
        countOnDay = current.countOnDay() + 1;
        stateDay = current.day();
      } else if (day.isAfter(current.day())) {
        countOnDay = 1;
        stateDay = day;
      } else {
        // A late event from an earlier day: that day's count is no longer kept, so it counts once.
        countOnDay = current.countOnDay();
        stateDay = current.day();
      }
      Instant asOf = at.isAfter(current.asOf()) ? at : current.asOf();
      double points =
          decay(current.points(), current.asOf(), asOf, rule.halfLife())
              + decay(rule.points(), at, asOf, rule.halfLife());
      Instant lastAt = at.isAfter(current.lastAt()) ? at : current.lastAt();
      next = new SignalState(points, asOf, stateDay, countOnDay, lastAt);
    }
    Map<String, SignalState> copy = new HashMap<>(states);
    copy.put(signal, next);
    return copy;
  }

  /**
   * The decay states of two visitors found to be one person (identity stitching): per signal, both
   * points decayed to the later reference time and added; the day counts add up when both are on
   * the same day (the cap then holds for the person), otherwise the later day's count is kept.
   */
  public Map<String, SignalState> combine(Map<String, SignalState> a, Map<String, SignalState> b) {
    Map<String, SignalState> out = new HashMap<>(a);
    b.forEach((signal, state) -> out.merge(signal, state, (x, y) -> combine(signal, x, y)));
    return out;
  }

  private SignalState combine(String signal, SignalState x, SignalState y) {
    Instant asOf = x.asOf().isAfter(y.asOf()) ? x.asOf() : y.asOf();
    double points =
        rules
            .rule(signal)
            .map(
                rule ->
                    decay(x.points(), x.asOf(), asOf, rule.halfLife())
                        + decay(y.points(), y.asOf(), asOf, rule.halfLife()))
            .orElse(x.points() + y.points());
    LocalDate day;
    int count;
    if (x.day().equals(y.day())) {
      day = x.day();
      count = x.countOnDay() + y.countOnDay();
    } else {
      SignalState later = x.day().isAfter(y.day()) ? x : y;
      day = later.day();
      count = later.countOnDay();
    }
    Instant lastAt = x.lastAt().isAfter(y.lastAt()) ? x.lastAt() : y.lastAt();
    return new SignalState(points, asOf, day, count, lastAt);
  }

  /** Current score at {@code now}, rounded to one decimal for stable output. */
  public double score(Map<String, SignalState> states, Instant now) {
    double total = 0;
    for (var f : factors(states, now, Integer.MAX_VALUE)) {
      total += f.points();
    }
    return Math.round(total * 10.0) / 10.0;
  }

  /**
   * The factors weighing most (by absolute current points), so negative signals show up in the
   * explanation too.
   */
  public List<EngagementFactor> factors(Map<String, SignalState> states, Instant now, int limit) {
    return states.entrySet().stream()
        .filter(e -> rules.rule(e.getKey()).isPresent())
        .map(
            e -> {
              var rule = rules.rule(e.getKey()).orElseThrow();
              double pts = decay(e.getValue().points(), e.getValue().asOf(), now, rule.halfLife());
              return new EngagementFactor(
                  e.getKey(), Math.round(pts * 100.0) / 100.0, e.getValue().lastAt());
            })
        .sorted(
            Comparator.comparingDouble((EngagementFactor f) -> -Math.abs(f.points()))
                .thenComparing(EngagementFactor::signal))
        .limit(limit)
        .toList();
  }

  public List<EngagementFactor> topFactors(Map<String, SignalState> states, Instant now) {
    return factors(states, now, rules.topFactors());
  }

  static double decay(double points, Instant from, Instant to, Duration halfLife) {
    long ageMillis = Duration.between(from, to).toMillis();
    if (ageMillis <= 0) {
      return points;
    }
    return points * Math.pow(0.5, (double) ageMillis / halfLife.toMillis());
  }
}
