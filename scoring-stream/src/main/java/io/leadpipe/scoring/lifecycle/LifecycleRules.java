package io.leadpipe.scoring.lifecycle;

/**
 * Stage: 2+ purchases REPEAT_CUSTOMER; 1 purchase CUSTOMER; an open hesitation (set by the
 * hesitation detector, issue 5) HESITATING_BUYER; engagement >= engagedThreshold ENGAGED_PROSPECT;
 * else VISITOR.
 */
public record LifecycleRules(double engagedThreshold) {

  public static LifecycleRules defaults() {
    return new LifecycleRules(20);
  }

  public LifecycleStage stage(long purchases, boolean openHesitation, double engagement) {
    if (purchases >= 2) {
      return LifecycleStage.REPEAT_CUSTOMER;
    }
    if (purchases == 1) {
      return LifecycleStage.CUSTOMER;
    }
    if (openHesitation) {
      return LifecycleStage.HESITATING_BUYER;
    }
    return engagement >= engagedThreshold
        ? LifecycleStage.ENGAGED_PROSPECT
        : LifecycleStage.VISITOR;
  }
}
