package io.leadpipe.scoring.lifecycle;

/** Same symbols as the contract's LifecycleStage enum. */
public enum LifecycleStage {
  VISITOR,
  ENGAGED_PROSPECT,
  HESITATING_BUYER,
  CUSTOMER,
  REPEAT_CUSTOMER
}
