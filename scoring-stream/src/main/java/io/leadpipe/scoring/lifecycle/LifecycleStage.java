package io.leadpipe.scoring.lifecycle;

/** Same symbols as the contract's LifecycleStage enum. */
public enum LifecycleStage {
  VISITOR,
  ENGAGED_PROSPECT,
  HESITATING_BUYER,
  CUSTOMER,
  REPEAT_CUSTOMER,
  /** A customer whose next purchase is overdue. */
  AT_RISK,
  /** A customer who stopped buying: no purchase for longer than their lapse period. */
  LAPSED
}
