package io.leadpipe.scoring.propensity;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * examples in arrival (horizon) order → predict, then train (prequential): for each example the
 * serving version and the learning candidate both predict first, and only then does the candidate
 * learn the outcome, so every figure is on an example the scoring model had not trained on. The
 * candidate replaces the serving version (version + 1) only when its Brier score on the same
 * holdout examples is lower by at least {@code minImprovement} of it, after at least {@code
 * minExamplesToPromote} of them with both outcomes present. Version 0 is {@link StartingPoint}.
 *
 * <p>Pure and single-threaded: the stream processor keeps its {@link State} in a changelogged
 * store, so a restart resumes exactly where it was.
 */
public final class PropensityTrainer {

  /** What the trainer keeps between examples. */
  public record State(
      LogisticModel serving,
      OnlineLogisticRegression.State candidate,
      double[] servingPredicted,
      double[] candidatePredicted,
      boolean[] purchased,
      HoldoutMetrics promotedOver,
      HoldoutMetrics promotedWith,
      long promotedAt,
      long promotedAtTrained,
      int sinceReport) {}

  /**
   * A version to publish: after a promotion, or the serving version's updated holdout figures.
   *
   * @param promoted whether this version just replaced the previous one
   */
  public record Publication(
      LogisticModel model,
      HoldoutMetrics evaluation,
      HoldoutMetrics promotedOver,
      HoldoutMetrics promotedWith,
      long promotedAt,
      long examplesTrained,
      boolean promoted) {}

  private record Scored(double serving, double candidate, boolean purchased) {}

  private final PropensitySettings settings;
  private LogisticModel serving;
  private final OnlineLogisticRegression candidate;
  private final Deque<Scored> holdout = new ArrayDeque<>();
  private HoldoutMetrics promotedOver;
  private HoldoutMetrics promotedWith;
  private long promotedAt;
  private long promotedAtTrained;
  private int sinceReport;

  /** A trainer that has seen nothing: the starting point serves, and the candidate starts there. */
  public PropensityTrainer(PropensitySettings settings) {
    this.settings = settings;
    this.serving = StartingPoint.model();
    this.candidate = new OnlineLogisticRegression(serving, settings.learningRate(), settings.l2());
  }

  public PropensityTrainer(PropensitySettings settings, State state) {
    this.settings = settings;
    this.serving = state.serving();
    this.candidate =
        OnlineLogisticRegression.resume(state.candidate(), settings.learningRate(), settings.l2());
    for (int i = 0; i < state.purchased().length; i++) {
      holdout.add(
          new Scored(
              state.servingPredicted()[i], state.candidatePredicted()[i], state.purchased()[i]));
    }
    this.promotedOver = state.promotedOver();
    this.promotedWith = state.promotedWith();
    this.promotedAt = state.promotedAt();
    this.promotedAtTrained = state.promotedAtTrained();
    this.sinceReport = state.sinceReport();
  }

  /**
   * Learns one example. Returns what to publish (null when nothing): a new version, or, every
   * {@code reportEvery} examples, the serving version's updated figures.
   *
   * @throws IllegalArgumentException for an example of another feature list or length
   */
  public Publication learn(Example example) {
    String problem = problemWith(example);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    double[] x = example.features();
    // Predict first: neither prediction may have seen this outcome.
    holdout.add(new Scored(serving.predict(x), candidate.predict(x), example.purchased()));
    while (holdout.size() > settings.holdoutWindow()) {
      holdout.removeFirst();
    }
    candidate.train(x, example.purchased());
    sinceReport++;
    if (candidateWins()) {
      promotedOver = metrics(true);
      promotedWith = metrics(false);
      serving = candidate.snapshot(serving.version() + 1);
      promotedAt = example.horizonEnd();
      promotedAtTrained = candidate.trained();
      holdout.clear();
      sinceReport = 0;
      return new Publication(
          serving, metrics(true), promotedOver, promotedWith, promotedAt, promotedAtTrained, true);
    }
    if (sinceReport >= settings.reportEvery()
        || (serving.version() == 0 && candidate.trained() == 1)) {
      sinceReport = 0;
      return current();
    }
    return null;
  }

  /** Why the trainer cannot learn the example (another feature list, bad values), or null. */
  public static String problemWith(Example example) {
    if (!PropensityFeatures.FEATURE_SET.equals(example.featureSet())) {
      return "example of feature set "
          + example.featureSet()
          + ", this trainer learns "
          + PropensityFeatures.FEATURE_SET;
    }
    double[] x = example.features();
    if (x.length != PropensityFeatures.NAMES.size()) {
      return "expected " + PropensityFeatures.NAMES.size() + " feature values, got " + x.length;
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return "feature values must be finite numbers";
      }
    }
    if (example.horizonEnd() <= example.snapshotAt()) {
      return "horizonEnd must be after snapshotAt";
    }
    return null;
  }

  /** The serving version with its holdout figures so far. */
  public Publication current() {
    return new Publication(
        serving, metrics(true), promotedOver, promotedWith, promotedAt, promotedAtTrained, false);
  }

  public LogisticModel serving() {
    return serving;
  }

  /** The candidate as it is now (for tests and reports; it never scores a profile). */
  public LogisticModel candidate() {
    return candidate.snapshot(serving.version() + 1);
  }

  /** Brier scores only (no sort): this runs for every example once the window is full enough. */
  private boolean candidateWins() {
    if (holdout.size() < settings.minExamplesToPromote()) {
      return false;
    }
    double servingSquared = 0;
    double candidateSquared = 0;
    long buyers = 0;
    for (Scored s : holdout) {
      double y = s.purchased() ? 1 : 0;
      buyers += s.purchased() ? 1 : 0;
      servingSquared += (s.serving() - y) * (s.serving() - y);
      candidateSquared += (s.candidate() - y) * (s.candidate() - y);
    }
    return buyers > 0
        && buyers < holdout.size()
        && candidateSquared < servingSquared * (1 - settings.minImprovement());
  }

  private HoldoutMetrics metrics(boolean ofServing) {
    double[] p = new double[holdout.size()];
    boolean[] y = new boolean[holdout.size()];
    int i = 0;
    for (Scored s : holdout) {
      p[i] = ofServing ? s.serving() : s.candidate();
      y[i] = s.purchased();
      i++;
    }
    return HoldoutMetrics.of(p, y);
  }

  public State state() {
    int n = holdout.size();
    double[] sp = new double[n];
    double[] cp = new double[n];
    boolean[] y = new boolean[n];
    int i = 0;
    for (Scored s : holdout) {
      sp[i] = s.serving();
      cp[i] = s.candidate();
      y[i] = s.purchased();
      i++;
    }
    return new State(
        serving,
        candidate.state(),
        sp,
        cp,
        y,
        promotedOver,
        promotedWith,
        promotedAt,
        promotedAtTrained,
        sinceReport);
  }
}
