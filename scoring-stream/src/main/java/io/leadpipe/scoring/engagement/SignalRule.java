package io.leadpipe.scoring.engagement;

import java.time.Duration;

/**
 * One engagement signal's rule: points per occurrence (negative allowed), half-life of those
 * points, max counted per day.
 */
public record SignalRule(double points, Duration halfLife, int dailyCap) {
  public SignalRule {
    if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
      throw new IllegalArgumentException("halfLife must be positive");
    }
    if (dailyCap < 1) {
      throw new IllegalArgumentException("dailyCap must be >= 1");
    }
  }
}
