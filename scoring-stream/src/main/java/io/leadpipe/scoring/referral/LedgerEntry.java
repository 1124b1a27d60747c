package io.leadpipe.scoring.referral;

import java.time.Instant;

/**
 * The code's side of one referred visitor: whether the sharer got the visit credit and the buyer
 * credit, and purchases waiting for the sharer to become known (a friend may arrive before the
 * share is processed).
 */
public record LedgerEntry(
    Instant arrivedAt,
    boolean visitCredited,
    boolean buyerCredited,
    int pendingPurchases,
    double pendingRevenue,
    Instant pendingAt,
    String pendingOrderRef) {

  static LedgerEntry arrivedAt(Instant at) {
    return new LedgerEntry(at, false, false, 0, 0, null, null);
  }

  boolean hasPending() {
    return !visitCredited || pendingPurchases > 0;
  }
}
