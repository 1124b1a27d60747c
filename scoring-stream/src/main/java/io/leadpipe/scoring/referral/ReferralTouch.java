package io.leadpipe.scoring.referral;

import java.time.Instant;
import java.util.List;

/**
 * A visitor's side of referrals: the codes they share links with, and the code they first arrived with
 * (first touch: later codes do not move the credit).
 */
public record ReferralTouch(List<String> ownCodes, String referredBy, Instant referredAt) {

    public ReferralTouch {
        ownCodes = ownCodes == null ? List.of() : List.copyOf(ownCodes);
    }

    public static ReferralTouch none() {
        return new ReferralTouch(List.of(), null, null);
    }

    /** The code most recently shared with, for the profile. */
    public String latestOwnCode() {
        return ownCodes.isEmpty() ? null : ownCodes.get(ownCodes.size() - 1);
    }
}
