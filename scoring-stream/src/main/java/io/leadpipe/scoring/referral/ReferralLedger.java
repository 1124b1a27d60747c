package io.leadpipe.scoring.referral;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The code's side of referral credit: the first visitor to claim a code owns it; each referred
 * visitor credits the owner once as a referred visitor and once as a referred buyer, plus the
 * revenue of every purchase. Reports for a code nobody has claimed yet wait in the ledger and are
 * credited when the claim arrives. Nobody is credited for their own code, also under another id
 * they are known by; a referred visitor who comes again under another id (identity stitching gave
 * them one) is the same referred visitor: credited once as visitor and once as buyer.
 */
public final class ReferralLedger {

  /**
   * The referred visitor's ledger entry after the report, and the credits to send to the sharer.
   */
  public record Decision(LedgerEntry entry, List<ReferralCredit> credits) {}

  private ReferralLedger() {}

  /** A code belongs to its first claimant: later claims by others are ignored. */
  public static boolean takesOwnership(String knownSharer) {
    return knownSharer == null;
  }

  /**
   * The id the code's ledger keeps the reported visitor under: their own id when it has an entry
   * (or none of their other ids has), else the first of the ids they are also known by that has
   * one, so a referred visitor stitched to a new id stays one referred visitor.
   */
  public static String referredId(ReferralEvent report, Predicate<String> hasEntry) {
    if (hasEntry.test(report.visitorId())) {
      return report.visitorId();
    }
    return report.knownAs().stream().filter(hasEntry).findFirst().orElse(report.visitorId());
  }

  /**
   * An ARRIVAL or PURCHASE report for {@code sharer}'s code (null while unclaimed), given the
   * referred visitor's entry (null when first seen).
   */
  public static Decision report(String sharer, LedgerEntry entry, ReferralEvent report) {
    // A purchase report without an arrival still means the visitor came through the code.
    LedgerEntry e = entry != null ? entry : LedgerEntry.arrivedAt(report.at());
    if (report.kind() == ReferralEvent.Kind.PURCHASE) {
      e =
          new LedgerEntry(
              e.arrivedAt(),
              e.visitCredited(),
              e.buyerCredited(),
              e.pendingPurchases() + 1,
              e.pendingRevenue() + Math.max(0, report.revenue()),
              report.at(),
              report.orderRef());
    }
    if (sharer != null && report.knownAs().contains(sharer)) {
      // The sharer under another id: they referred themselves.
      return settle(sharer, report.code(), sharer, e);
    }
    return sharer == null
        ? new Decision(e, List.of())
        : settle(sharer, report.code(), report.visitorId(), e);
  }

  /** Credits whatever the entry still owes the (now known) sharer. */
  public static Decision settle(String sharer, String code, String referred, LedgerEntry e) {
    LedgerEntry settled =
        new LedgerEntry(
            e.arrivedAt(), true, e.buyerCredited() || e.pendingPurchases() > 0, 0, 0, null, null);
    if (sharer.equals(referred) || !e.hasPending()) {
      return new Decision(settled, List.of());
    }
    List<ReferralCredit> credits = new ArrayList<>(2);
    if (!e.visitCredited()) {
      credits.add(ReferralCredit.visitor(sharer, referred, code, e.arrivedAt()));
    }
    if (e.pendingPurchases() > 0) {
      credits.add(
          ReferralCredit.purchase(
              sharer,
              referred,
              code,
              e.pendingAt(),
              e.pendingRevenue(),
              !e.buyerCredited(),
              e.pendingOrderRef()));
    }
    return new Decision(settled, List.copyOf(credits));
  }
}
