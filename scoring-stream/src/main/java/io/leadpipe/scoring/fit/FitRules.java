package io.leadpipe.scoring.fit;

/**
 * How fit is scored against the target customer: grade thresholds on the 0-100 score, and how many
 * shared interests make a full interest match (nobody lists every interest we target).
 */
public record FitRules(
    TargetCustomer target, double gradeA, double gradeB, double gradeC, int interestsForFullMatch) {

  public FitRules {
    if (!(gradeA >= gradeB && gradeB >= gradeC)) {
      throw new IllegalArgumentException("grade thresholds must satisfy A >= B >= C");
    }
    if (interestsForFullMatch < 1) {
      throw new IllegalArgumentException("interestsForFullMatch must be >= 1");
    }
  }

  /** A >= 80, B >= 60, C >= 40, else D; two shared interests are a full match. */
  public static FitRules defaults() {
    return of(TargetCustomer.defaults());
  }

  /** The default grading for another target customer. */
  public static FitRules of(TargetCustomer target) {
    return new FitRules(target, 80, 60, 40, 2);
  }
}
