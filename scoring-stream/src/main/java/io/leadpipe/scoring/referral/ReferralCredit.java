package io.leadpipe.scoring.referral;

import java.time.Instant;

/**
 * Credit for a sharer, routed to the sharer's visitor id: a REFERRED_VISITOR arrived through their
 * code, or a REFERRED_PURCHASE was made by one ({@code newBuyer} on that visitor's first credited
 * purchase). {@code creditId} is deterministic, so the same credit is recognisable wherever it
 * shows up again.
 */
public record ReferralCredit(
    String creditId,
    Kind kind,
    String sharer,
    String referred,
    String code,
    Instant at,
    double revenue,
    boolean newBuyer) {

  public enum Kind {
    REFERRED_VISITOR,
    REFERRED_PURCHASE
  }

  static ReferralCredit visitor(String sharer, String referred, String code, Instant at) {
    return new ReferralCredit(
        "visit:" + code + ":" + referred,
        Kind.REFERRED_VISITOR,
        sharer,
        referred,
        code,
        at,
        0,
        false);
  }

  /** One or more purchases (waiting ones are credited together), named by the latest order. */
  static ReferralCredit purchase(
      String sharer,
      String referred,
      String code,
      Instant at,
      double revenue,
      boolean newBuyer,
      String orderRef) {
    return new ReferralCredit(
        "purchase:" + code + ":" + referred + ":" + orderRef,
        Kind.REFERRED_PURCHASE,
        sharer,
        referred,
        code,
        at,
        revenue,
        newBuyer);
  }
}
