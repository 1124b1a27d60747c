package io.leadpipe.scoring.referral;

import java.util.Collection;

/**
 * A visitor never earns credit for referring themselves. The code's side compares the sharer's and
 * the referred visitor's ids; identity stitching may later show that two ids are one person, so the
 * sharer's side checks again when a credit arrives: a credit for a visitor the sharer is known as
 * (their user id or one of their anonymous ids) is not applied.
 */
public final class SelfReferral {

  private SelfReferral() {}

  /**
   * Whether {@code credit} is for a referred visitor the sharer is themselves known as.
   *
   * @param anonymousIds the other ids the sharer's profile is known by
   */
  public static boolean creditsThemselves(
      ReferralCredit credit, String visitorId, String userId, Collection<String> anonymousIds) {
    String referred = credit.referred();
    return referred != null
        && (referred.equals(visitorId)
            || referred.equals(userId)
            || anonymousIds.contains(referred));
  }
}
