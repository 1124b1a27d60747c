package io.leadpipe.scoring.referral;

import java.time.Duration;

/**
 * Referral credit: a referred visitor's purchases credit the sharer within {@code
 * attributionWindow} of the visitor's arrival; a visitor keeps at most {@code codesKept} own
 * referral codes (one per device before identity stitching links them) and remembers their last
 * {@code purchasesRemembered} purchases while not known as referred, for an arrival that is applied
 * after them (a longer way through the stream).
 */
public record ReferralRules(Duration attributionWindow, int codesKept, int purchasesRemembered) {

  /** 30 days, as common referral programmes do; a handful of devices and purchases per person. */
  public static ReferralRules defaults() {
    return new ReferralRules(Duration.ofDays(30), 5, 5);
  }
}
