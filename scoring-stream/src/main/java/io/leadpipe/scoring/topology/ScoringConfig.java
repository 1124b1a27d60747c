package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.retention.RetentionPolicy;
import java.time.Duration;

/**
 * Everything the topology needs, as plain values (Micronaut configuration maps into this; the
 * property names are listed in docs/scoring.md): the scoring rules, and the stream's time windows.
 *
 * @param dedupeWindow a message id seen again within this window is dropped
 * @param grace a visitor's event older than their latest event minus this is dropped
 * @param segmentCheckInterval how often each task checks the segment definitions for changes (wall
 *     clock)
 * @param publishInterval how often each task publishes the profiles (and segment changes) of the
 *     visitors whose state changed since the last publish (wall clock): a visitor's events within
 *     one interval make one profile record. The tasks publish at the start of the same wall-clock
 *     slot of this length, and one commit per stream thread follows a tenth of it later, so each
 *     slot is a transaction: keep it at the Streams commit interval (100 ms)
 * @param retention how long an inactive anonymous visitor's state is kept ({@code retention.*})
 * @param reevaluation how a definition change is applied to the profiles already there
 * @param timing how visitors' time thresholds are checked ({@code timing.*})
 * @param propensity how the purchase propensity model is learned and served ({@code propensity.*},
 *     docs/scoring.md)
 */
public record ScoringConfig(
    ScoringRules rules,
    Duration dedupeWindow,
    Duration grace,
    Duration segmentCheckInterval,
    Duration publishInterval,
    RetentionPolicy retention,
    Reevaluation reevaluation,
    Timing timing,
    PropensitySettings propensity) {

  public ScoringConfig {
    if (publishInterval == null || publishInterval.isNegative() || publishInterval.isZero()) {
      throw new IllegalArgumentException("publish-interval must be positive: " + publishInterval);
    }
  }

  public static ScoringConfig defaults() {
    return new ScoringConfig(
        ScoringRules.defaults(),
        Duration.ofHours(24),
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        RetentionPolicy.defaults(),
        Reevaluation.defaults(),
        Timing.defaults(),
        PropensitySettings.defaults());
  }

  /** The same settings with other scoring rules. */
  public ScoringConfig withRules(ScoringRules other) {
    return new ScoringConfig(
        other,
        dedupeWindow,
        grace,
        segmentCheckInterval,
        publishInterval,
        retention,
        reevaluation,
        timing,
        propensity);
  }

  public ScoringConfig withRetention(RetentionPolicy retention) {
    return new ScoringConfig(
        rules,
        dedupeWindow,
        grace,
        segmentCheckInterval,
        publishInterval,
        retention,
        reevaluation,
        timing,
        propensity);
  }

  /** The same settings with another way of applying definition changes. */
  public ScoringConfig withReevaluation(Reevaluation reevaluation) {
    return new ScoringConfig(
        rules,
        dedupeWindow,
        grace,
        segmentCheckInterval,
        publishInterval,
        retention,
        reevaluation,
        timing,
        propensity);
  }

  /**
   * A definition change re-evaluates each task's profiles in chunks, one chunk per punctuation, so
   * no single transaction or punctuation scans the whole partition (docs/segments.md).
   *
   * @param chunkSize at most this many profiles (store keys) per punctuation
   * @param interval how often a running pass does its next chunk (wall clock); the definitions are
   *     checked every {@code segmentCheckInterval}, and a change starts its pass's first chunk at
   *     once
   * @param timeBudget a chunk also ends once it has worked this long (after at least one profile),
   *     whatever a profile costs
   * @param threadTimeBudget what the chunks of all tasks on one stream thread may work per interval
   *     together (ReevaluationShare), so live records keep the rest of the thread however many
   *     tasks it holds; the interval or more lets a pass take the whole thread
   */
  public record Reevaluation(
      int chunkSize, Duration interval, Duration timeBudget, Duration threadTimeBudget) {

    /** Small enough to keep a punctuation (and the transaction it is part of) short. */
    public static final int DEFAULT_CHUNK_SIZE = 2_000;

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    /**
     * A chunk of 20 ms keeps one task's punctuation short; the thread's budget below bounds all of
     * them together.
     */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofMillis(20);

    /**
     * A stream thread punctuates all its tasks in one go: 120 ms of each 200 ms interval (six
     * chunks of 20 ms) leaves live records the rest of the thread while a pass runs, however many
     * tasks it holds (at 2,000 profiles per chunk and no time bound the thread was busy with the
     * pass alone, and live p99 went from 240 ms to 15.7 s).
     */
    public static final Duration DEFAULT_THREAD_TIME_BUDGET = Duration.ofMillis(120);

    public Reevaluation {
      if (chunkSize < 1) {
        throw new IllegalArgumentException("chunk-size must be at least 1, got " + chunkSize);
      }
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, got " + interval);
      }
      if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
        throw new IllegalArgumentException("time-budget must be positive, got " + timeBudget);
      }
      if (threadTimeBudget == null || threadTimeBudget.isNegative() || threadTimeBudget.isZero()) {
        throw new IllegalArgumentException(
            "thread-time-budget must be positive, got " + threadTimeBudget);
      }
    }

    public static Reevaluation defaults() {
      return new Reevaluation(
          DEFAULT_CHUNK_SIZE, DEFAULT_INTERVAL, DEFAULT_TIME_BUDGET, DEFAULT_THREAD_TIME_BUDGET);
    }
  }

  /** The same settings with another way of learning and serving the purchase propensity. */
  public ScoringConfig withPropensity(PropensitySettings propensity) {
    return new ScoringConfig(
        rules,
        dedupeWindow,
        grace,
        segmentCheckInterval,
        publishInterval,
        retention,
        reevaluation,
        timing,
        propensity);
  }

  /** The same settings with another way of checking time thresholds. */
  public ScoringConfig withTiming(Timing timing) {
    return new ScoringConfig(
        rules,
        dedupeWindow,
        grace,
        segmentCheckInterval,
        publishInterval,
        retention,
        reevaluation,
        timing,
        propensity);
  }

  /**
   * Each visitor has one timer at the next moment their profile changes with time alone (a time
   * attribute crossing a threshold of an enabled rule, AT_RISK, LAPSED, a lead type moving down);
   * due timers are looked for every {@code checkInterval} (wall clock), so a transition is
   * published at most about one interval (plus one publish interval) after its moment.
   *
   * @param checkInterval how often each task looks for due timers (wall clock)
   * @param maxPerCheck at most this many due visitors per check and task; the rest at the next
   *     check, so a backlog (after an outage) never makes one long punctuation
   */
  public record Timing(Duration checkInterval, int maxPerCheck) {

    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(10);

    /** As retention's chunk: a check's output and its transaction stay small. */
    public static final int DEFAULT_MAX_PER_CHECK = 1_000;

    public Timing {
      if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
        throw new IllegalArgumentException("check-interval must be positive, got " + checkInterval);
      }
      if (maxPerCheck < 1) {
        throw new IllegalArgumentException("max-per-check must be at least 1, got " + maxPerCheck);
      }
    }

    public static Timing defaults() {
      return new Timing(DEFAULT_CHECK_INTERVAL, DEFAULT_MAX_PER_CHECK);
    }
  }
}
