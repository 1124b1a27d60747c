package io.leadpipe.hesitation;

import io.leadpipe.hesitation.reason.ReasonRules;
import java.time.Duration;

/**
 * Everything the hesitation detector needs, as plain values (the service maps {@code
 * leadpipe.hesitations.*} into this).
 *
 * @param detection when a visitor is hesitating and when it is over
 * @param reasons the reason rules
 * @param tick how often due timers are looked up (wall clock); detection lags the window by at most
 *     this plus the commit interval
 */
public record HesitationConfig(DetectionRules detection, ReasonRules reasons, Duration tick) {

  public HesitationConfig {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive");
    }
  }

  public static HesitationConfig defaults() {
    return new HesitationConfig(
        DetectionRules.defaults(), ReasonRules.defaults(), Duration.ofMillis(500));
  }

  /** Short windows for the local demo: a left cart is detected about ten seconds later. */
  public static HesitationConfig fastDemo() {
    return new HesitationConfig(
        DetectionRules.fastDemo(), ReasonRules.defaults(), Duration.ofMillis(250));
  }

  public HesitationConfig withDetection(DetectionRules rules) {
    return new HesitationConfig(rules, reasons, tick);
  }

  public HesitationConfig withTick(Duration interval) {
    return new HesitationConfig(detection, reasons, interval);
  }
}
