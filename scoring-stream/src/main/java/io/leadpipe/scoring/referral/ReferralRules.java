package io.leadpipe.scoring.referral;

import java.time.Duration;

/**
 * Referral credit: a referred visitor's purchases credit the sharer within {@code attributionWindow} of the
 * visitor's arrival; a visitor keeps at most {@code codesKept} own referral codes (one per device before
 * identity stitching links them).
 */
public record ReferralRules(Duration attributionWindow, int codesKept) {

    /** 30 days, as common referral programmes do; a handful of devices per person. */
    public static ReferralRules defaults() {
        return new ReferralRules(Duration.ofDays(30), 5);
    }
}
