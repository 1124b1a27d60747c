package io.leadpipe.scoring.referral;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What the sharer's side needs to know, routed by referral code: a visitor CLAIMs a code (shared a
 * link with it), a referred visitor ARRIVEs with a code, a referred visitor makes a PURCHASE, or a
 * visitor who shared or arrived with the code was ERASEd (privacy request).
 *
 * @param visitorId the sharer for CLAIM, the referred visitor for ARRIVAL and PURCHASE, the erased
 *     id for ERASE
 * @param orderRef PURCHASE only: the order id, else the purchase event's message id
 * @param knownAs the other ids the visitor was known by when reporting (user id, anonymous ids of
 *     other devices): identity stitching may have given a referred visitor a new id, and the code's
 *     side must still see one referred visitor; empty when none (or written before it was kept)
 */
public record ReferralEvent(
    Kind kind,
    String code,
    String visitorId,
    Instant at,
    double revenue,
    String orderRef,
    List<String> knownAs) {

  public enum Kind {
    CLAIM,
    ARRIVAL,
    PURCHASE,
    ERASE
  }

  public ReferralEvent {
    knownAs = knownAs == null ? List.of() : List.copyOf(knownAs);
  }

  public static ReferralEvent claim(String code, String sharer, Instant at) {
    return new ReferralEvent(Kind.CLAIM, code, sharer, at, 0, null, List.of());
  }

  public static ReferralEvent arrival(String code, String referred, Instant at) {
    return new ReferralEvent(Kind.ARRIVAL, code, referred, at, 0, null, List.of());
  }

  public static ReferralEvent purchase(
      String code, String referred, Instant at, double revenue, String orderRef) {
    return new ReferralEvent(Kind.PURCHASE, code, referred, at, revenue, orderRef, List.of());
  }

  public static ReferralEvent erase(String code, String erased, Instant at) {
    return new ReferralEvent(Kind.ERASE, code, erased, at, 0, null, List.of());
  }

  /** This report, telling the other ids the visitor is known by. */
  public ReferralEvent knownAs(Collection<String> ids) {
    return new ReferralEvent(kind, code, visitorId, at, revenue, orderRef, List.copyOf(ids));
  }

  /** This report for the referred visitor under {@code id} (one of the ids they are known by). */
  ReferralEvent as(String id) {
    return new ReferralEvent(kind, code, id, at, revenue, orderRef, knownAs);
  }
}
