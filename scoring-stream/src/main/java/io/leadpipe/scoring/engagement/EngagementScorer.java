package io.leadpipe.scoring.engagement;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engagement = sum over signals of points x 0.5^(age / half-life); at most dailyCap occurrences of
 * a signal count per UTC day; unknown signals score nothing.
 */
public final class EngagementScorer {

  /** The score is shown, and compared by rules, with one decimal. */
  public static final double SHOWN_DECIMALS = 10.0;

  /** Points below this are gone for every purpose (scores are shown with one decimal). */
  private static final double NEGLIGIBLE_POINTS = 0.001;

  /** With signals of both signs, the first sample is this fraction of the shortest half-life. */
  private static final long MIXED_FIRST_STEP_DIVISOR = 4;

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

  /**
   * Current score at {@code now}, rounded to one decimal for stable output. The unrounded sum is
   * rounded once (the factors are rounded for display only), so the moment the shown score crosses
   * a rule's threshold follows from the unrounded score ({@link #nextCrossing}).
   */
  public double score(Map<String, SignalState> states, Instant now) {
    return Math.round(decaying(states).at(now.toEpochMilli()) * SHOWN_DECIMALS) / SHOWN_DECIMALS;
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

  /**
   * The first moment after {@code from} at which the unrounded score crosses {@code level} (either
   * way), or empty when it does not before every signal has decayed to nothing. Points only decay,
   * so when all signals have one sign the score moves one way and the crossing is found by
   * bisection. With signals of both signs the score is sampled at widening steps (a quarter of the
   * shortest half-life, doubling) and the first change of side bisected: a crossing and its return
   * between two samples may be missed, which costs at most a late membership until the next event
   * or timer re-evaluates the visitor.
   */
  public Optional<Instant> nextCrossing(
      Map<String, SignalState> states, Instant from, double level) {
    long fromMs = from.toEpochMilli();
    long horizonMs = fromMs;
    long shortestHalfLifeMs = Long.MAX_VALUE;
    boolean positive = false;
    boolean negative = false;
    for (var e : states.entrySet()) {
      var rule = rules.rule(e.getKey()).orElse(null);
      if (rule == null || e.getValue().points() == 0) {
        continue;
      }
      double points = e.getValue().points();
      positive |= points > 0;
      negative |= points < 0;
      long halfLifeMs = rule.halfLife().toMillis();
      shortestHalfLifeMs = Math.min(shortestHalfLifeMs, halfLifeMs);
      double halvings = Math.log(Math.abs(points) / NEGLIGIBLE_POINTS) / Math.log(2);
      if (halvings > 0) {
        horizonMs =
            Math.max(
                horizonMs, e.getValue().asOf().toEpochMilli() + (long) (halvings * halfLifeMs));
      }
    }
    if (horizonMs <= fromMs) {
      return Optional.empty();
    }
    Decaying score = decaying(states);
    boolean aboveAtStart = score.at(fromMs) >= level;
    if (!(positive && negative)) {
      return score.at(horizonMs) >= level == aboveAtStart
          ? Optional.empty()
          : Optional.of(bisect(score, level, aboveAtStart, fromMs, horizonMs));
    }
    long step = Math.max(1, shortestHalfLifeMs / MIXED_FIRST_STEP_DIVISOR);
    long previous = fromMs;
    while (previous < horizonMs) {
      long next = Math.min(horizonMs, previous + step);
      if (score.at(next) >= level != aboveAtStart) {
        return Optional.of(bisect(score, level, aboveAtStart, previous, next));
      }
      previous = next;
      step = step > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : step * 2;
    }
    return Optional.empty();
  }

  /** The first ms in (lowMs, highMs] on the other side of {@code level}; highMs is on it. */
  private static Instant bisect(
      Decaying score, double level, boolean aboveAtLow, long lowMs, long highMs) {
    while (highMs - lowMs > 1) {
      long middle = lowMs + (highMs - lowMs) / 2;
      if (score.at(middle) >= level == aboveAtLow) {
        lowMs = middle;
      } else {
        highMs = middle;
      }
    }
    return Instant.ofEpochMilli(highMs);
  }

  /** The signals with a rule, read once, so the score at many moments costs no lookups. */
  private Decaying decaying(Map<String, SignalState> states) {
    double[] points = new double[states.size()];
    long[] asOfMs = new long[states.size()];
    double[] halfLifeMs = new double[states.size()];
    int n = 0;
    for (var e : states.entrySet()) {
      var rule = rules.rule(e.getKey()).orElse(null);
      if (rule != null) {
        points[n] = e.getValue().points();
        asOfMs[n] = e.getValue().asOf().toEpochMilli();
        halfLifeMs[n] = rule.halfLife().toMillis();
        n++;
      }
    }
    return new Decaying(points, asOfMs, halfLifeMs, n);
  }

  /** The unrounded score as a function of time: sum of points x 0.5^(age / half-life). */
  private record Decaying(double[] points, long[] asOfMs, double[] halfLifeMs, int count) {
    double at(long atMs) {
      double total = 0;
      for (int i = 0; i < count; i++) {
        long ageMillis = atMs - asOfMs[i];
        total += ageMillis <= 0 ? points[i] : points[i] * Math.pow(0.5, ageMillis / halfLifeMs[i]);
      }
      return total;
    }
  }

  static double decay(double points, Instant from, Instant to, Duration halfLife) {
    long ageMillis = Duration.between(from, to).toMillis();
    if (ageMillis <= 0) {
      return points;
    }
    return points * Math.pow(0.5, (double) ageMillis / halfLife.toMillis());
  }
}
