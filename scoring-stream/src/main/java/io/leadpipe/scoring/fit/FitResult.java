package io.leadpipe.scoring.fit;

import java.util.List;

/**
 * Fit score 0-100, its grade and profile lead type, and the matched/missed criteria that explain
 * it.
 */
public record FitResult(double score, Grade grade, ProfileFit profileFit, List<Factor> factors) {

  /** Same symbols as the contract's grade enum. */
  public enum Grade {
    D,
    C,
    B,
    A
  }

  /** Same symbols as the contract's ProfileFit enum. */
  public enum ProfileFit {
    OFF_TARGET,
    NEAR_TARGET,
    TARGET
  }

  /** One criterion: earned points out of its weight; unknown when the trait was not provided. */
  public record Factor(String criterion, double points, double max, boolean known) {}
}
