package io.leadpipe.scoring.referral;

import java.time.Instant;

/**
 * What the sharer's side needs to know, routed by referral code: a visitor CLAIMs a code (shared a
 * link with it), a referred visitor ARRIVEs with a code, a referred visitor makes a PURCHASE, or a
 * visitor who shared or arrived with the code was ERASEd (privacy request).
 *
 * @param visitorId the sharer for CLAIM, the referred visitor for ARRIVAL and PURCHASE, the erased
 *     id for ERASE
 * @param orderRef PURCHASE only: the order id, else the purchase event's message id
 */
public record ReferralEvent(
    Kind kind, String code, String visitorId, Instant at, double revenue, String orderRef) {

  public enum Kind {
    CLAIM,
    ARRIVAL,
    PURCHASE,
    ERASE
  }

  public static ReferralEvent claim(String code, String sharer, Instant at) {
    return new ReferralEvent(Kind.CLAIM, code, sharer, at, 0, null);
  }

  public static ReferralEvent arrival(String code, String referred, Instant at) {
    return new ReferralEvent(Kind.ARRIVAL, code, referred, at, 0, null);
  }

  public static ReferralEvent purchase(
      String code, String referred, Instant at, double revenue, String orderRef) {
    return new ReferralEvent(Kind.PURCHASE, code, referred, at, revenue, orderRef);
  }

  public static ReferralEvent erase(String code, String erased, Instant at) {
    return new ReferralEvent(Kind.ERASE, code, erased, at, 0, null);
  }
}
