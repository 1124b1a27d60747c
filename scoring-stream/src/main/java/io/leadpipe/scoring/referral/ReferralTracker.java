package io.leadpipe.scoring.referral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The visitor's side of referral credit. Sharing with a code claims it (once per code); the first
 * arrival with someone else's code makes the visitor referred by it; a referred visitor's purchases
 * within the attribution window after the arrival are reported, also those applied before a late
 * arrival. Each report goes to the code's side ({@link ReferralLedger}), which knows the sharer.
 */
public final class ReferralTracker {

  /** The visitor's new referral state, and the reports for the code's side (arrival first). */
  public record Step(ReferralTouch touch, List<ReferralEvent> reports) {}

  private final ReferralRules rules;

  public ReferralTracker(ReferralRules rules) {
    this.rules = rules;
  }

  public Step shared(ReferralTouch touch, String visitor, String code, Instant at) {
    if (blank(code) || touch.ownCodes().contains(code)) {
      return new Step(touch, List.of());
    }
    List<String> codes = new ArrayList<>(touch.ownCodes());
    codes.add(code);
    while (codes.size() > rules.codesKept()) {
      codes.remove(0);
    }
    return new Step(
        new ReferralTouch(codes, touch.referredBy(), touch.referredAt(), touch.unattributed()),
        List.of(ReferralEvent.claim(code, visitor, at)));
  }

  public Step arrived(ReferralTouch touch, String visitor, String code, Instant at) {
    if (blank(code) || touch.referredBy() != null || touch.ownCodes().contains(code)) {
      return new Step(touch, List.of());
    }
    List<ReferralEvent> reports = new ArrayList<>();
    reports.add(ReferralEvent.arrival(code, visitor, at));
    for (ReferralTouch.Purchase p : touch.unattributed()) {
      if (withinWindow(at, p.at())) {
        reports.add(ReferralEvent.purchase(code, visitor, p.at(), p.revenue(), p.orderRef()));
      }
    }
    return new Step(new ReferralTouch(touch.ownCodes(), code, at, List.of()), List.copyOf(reports));
  }

  public Step purchased(
      ReferralTouch touch, String visitor, Instant at, double revenue, String orderRef) {
    if (touch.referredBy() == null) {
      List<ReferralTouch.Purchase> remembered = new ArrayList<>(touch.unattributed());
      remembered.add(new ReferralTouch.Purchase(at, revenue, orderRef));
      while (remembered.size() > rules.purchasesRemembered()) {
        remembered.remove(0);
      }
      return new Step(new ReferralTouch(touch.ownCodes(), null, null, remembered), List.of());
    }
    return new Step(
        touch,
        withinWindow(touch.referredAt(), at)
            ? List.of(ReferralEvent.purchase(touch.referredBy(), visitor, at, revenue, orderRef))
            : List.of());
  }

  private boolean withinWindow(Instant arrivedAt, Instant purchasedAt) {
    return !purchasedAt.isBefore(arrivedAt)
        && !purchasedAt.isAfter(arrivedAt.plus(rules.attributionWindow()));
  }

  private static boolean blank(String code) {
    return code == null || code.isBlank();
  }
}
