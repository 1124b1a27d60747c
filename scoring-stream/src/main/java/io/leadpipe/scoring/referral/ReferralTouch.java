package io.leadpipe.scoring.referral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A visitor's side of referrals: the codes they share links with, the code they first arrived with
 * (first touch: later codes do not move the credit), and their latest purchases while not (yet)
 * known as referred — an arrival applied late (it took a longer way through the stream) still
 * credits purchases made after it.
 */
public record ReferralTouch(
    List<String> ownCodes, String referredBy, Instant referredAt, List<Purchase> unattributed) {

  /** A purchase remembered for a late arrival. */
  public record Purchase(Instant at, double revenue, String orderRef) {}

  public ReferralTouch {
    ownCodes = ownCodes == null ? List.of() : List.copyOf(ownCodes);
    unattributed = unattributed == null ? List.of() : List.copyOf(unattributed);
  }

  public static ReferralTouch none() {
    return new ReferralTouch(List.of(), null, null, List.of());
  }

  /**
   * Every code the visitor shared with or arrived with: where the code's side keeps something about
   * them.
   */
  public List<String> codesTouched() {
    List<String> codes = new ArrayList<>(ownCodes);
    if (referredBy != null && !codes.contains(referredBy)) {
      codes.add(referredBy);
    }
    return List.copyOf(codes);
  }

  /** The code most recently shared with, for the profile. */
  public String latestOwnCode() {
    return ownCodes.isEmpty() ? null : ownCodes.get(ownCodes.size() - 1);
  }
}
