package io.leadpipe.scoring.propensity;

/**
 * Logistic regression learned one example at a time: stochastic gradient descent on the log loss
 * with AdaGrad step sizes (each weight's step shrinks with the gradients it has seen, so rare
 * features still learn and common ones settle) and an L2 penalty on the weights (not the intercept)
 * that keeps them small when the data does not ask for them. For one example (x, y):
 *
 * <pre>
 *   p  = σ(b + w·x)
 *   gᵢ = (p − y)·xᵢ                  g_b = p − y
 *   Gᵢ += gᵢ²                        wᵢ −= η·gᵢ / (√Gᵢ + ε)
 *   wᵢ −= η·λ·wᵢ
 * </pre>
 *
 * The penalty is a decay applied outside AdaGrad's scaling (decoupled weight decay): scaled per
 * weight, the penalty's own gradient would take a full-size step whenever it is the only gradient a
 * weight sees, and a feature that is 0 in every example (no cart at a landing page) lost its
 * starting weight within a few hundred examples.
 *
 * <p>Mutable and not thread-safe: the trainer owns one.
 */
public final class OnlineLogisticRegression {

  /** Keeps the first step finite when a feature has seen no gradient yet. */
  static final double EPSILON = 1e-8;

  private final double learningRate;
  private final double l2;
  private double intercept;
  private final double[] weights;
  private double interceptSquaredGradients;
  private final double[] squaredGradients;
  private long trained;

  /** A learner starting from {@code start}'s weights, with no gradient history. */
  public OnlineLogisticRegression(LogisticModel start, double learningRate, double l2) {
    this(
        learningRate,
        l2,
        start.intercept(),
        start.weights(),
        0,
        new double[start.weights().length],
        0);
  }

  /** A learner resumed from its saved state ({@link #state()}). */
  public OnlineLogisticRegression(
      double learningRate,
      double l2,
      double intercept,
      double[] weights,
      double interceptSquaredGradients,
      double[] squaredGradients,
      long trained) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning-rate must be positive, got " + learningRate);
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("l2 must not be negative, got " + l2);
    }
    if (weights.length != squaredGradients.length) {
      throw new IllegalArgumentException("one gradient sum per weight");
    }
    this.learningRate = learningRate;
    this.l2 = l2;
    this.intercept = intercept;
    this.weights = weights.clone();
    this.interceptSquaredGradients = interceptSquaredGradients;
    this.squaredGradients = squaredGradients.clone();
    this.trained = trained;
  }

  /** What the learner would predict now, before it sees the outcome. */
  public double predict(double[] x) {
    return snapshot(-1).predict(x);
  }

  public void train(double[] x, boolean purchased) {
    double p = predict(x);
    double error = p - (purchased ? 1 : 0);
    interceptSquaredGradients += error * error;
    intercept -= learningRate * error / (Math.sqrt(interceptSquaredGradients) + EPSILON);
    for (int i = 0; i < weights.length; i++) {
      if (x[i] != 0) {
        double g = error * x[i] + l2 * weights[i];
        squaredGradients[i] += g * g;
        weights[i] -= learningRate * g / (Math.sqrt(squaredGradients[i]) + EPSILON);
      }
    }
    trained++;
  }

  /** The weights as they are now, frozen under {@code version}. */
  public LogisticModel snapshot(int version) {
    return new LogisticModel(version, intercept, weights);
  }

  public long trained() {
    return trained;
  }

  /** What must be kept to resume learning exactly where it was. */
  public record State(
      double intercept,
      double[] weights,
      double interceptSquaredGradients,
      double[] squaredGradients,
      long trained) {}

  public State state() {
    return new State(
        intercept, weights.clone(), interceptSquaredGradients, squaredGradients.clone(), trained);
  }

  public static OnlineLogisticRegression resume(State s, double learningRate, double l2) {
    return new OnlineLogisticRegression(
        learningRate,
        l2,
        s.intercept(),
        s.weights(),
        s.interceptSquaredGradients(),
        s.squaredGradients(),
        s.trained());
  }
}
