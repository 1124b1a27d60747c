package io.leadpipe.scoring.referral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The visitor's side of referral credit. Sharing with a code claims it (once per code); the first arrival
 * with someone else's code makes the visitor referred by it; a referred visitor's purchases within the
 * attribution window are reported. Each report goes to the code's side ({@link ReferralLedger}), which
 * knows the sharer.
 */
public final class ReferralTracker {

    /** The visitor's new referral state, and the report for the code's side if there is one. */
    public record Step(ReferralTouch touch, ReferralEvent report) {
    }

    private final ReferralRules rules;

    public ReferralTracker(ReferralRules rules) {
        this.rules = rules;
    }

    public Step shared(ReferralTouch touch, String visitor, String code, Instant at) {
        if (blank(code) || touch.ownCodes().contains(code)) {
            return new Step(touch, null);
        }
        List<String> codes = new ArrayList<>(touch.ownCodes());
        codes.add(code);
        while (codes.size() > rules.codesKept()) {
            codes.remove(0);
        }
        return new Step(new ReferralTouch(codes, touch.referredBy(), touch.referredAt()),
                ReferralEvent.claim(code, visitor, at));
    }

    public Step arrived(ReferralTouch touch, String visitor, String code, Instant at) {
        if (blank(code) || touch.referredBy() != null || touch.ownCodes().contains(code)) {
            return new Step(touch, null);
        }
        return new Step(new ReferralTouch(touch.ownCodes(), code, at), ReferralEvent.arrival(code, visitor, at));
    }

    public Step purchased(ReferralTouch touch, String visitor, Instant at, double revenue, String orderRef) {
        boolean attributed = touch.referredBy() != null && !at.isBefore(touch.referredAt())
                && !at.isAfter(touch.referredAt().plus(rules.attributionWindow()));
        return new Step(touch, attributed
                ? ReferralEvent.purchase(touch.referredBy(), visitor, at, revenue, orderRef) : null);
    }

    private static boolean blank(String code) {
        return code == null || code.isBlank();
    }
}
