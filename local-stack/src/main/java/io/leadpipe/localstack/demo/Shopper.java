package io.leadpipe.localstack.demo;

import java.util.Map;

/**
 * A simulated shopper: who they are, how they behave, and what they reveal when they identify.
 *
 * @param targetFit whether their demographics match the shop's target customer
 * @param traits identify traits, or empty when the shopper stays anonymous
 * @param referralCode the code their shared links carry (influencers), else null
 * @param referredBy the referral code of the link that brought them, else null
 * @param campaign the campaign query (utm_*) of the link they arrived by, else null
 * @param followers their follower count on the social network
 */
public record Shopper(
    String anonymousId,
    String userId,
    Persona persona,
    boolean targetFit,
    Map<String, Object> traits,
    String referralCode,
    String referredBy,
    String campaign,
    String userAgent,
    String locale,
    String timezone,
    int followers) {

  public boolean identifies() {
    return userId != null;
  }

  /**
   * The id the pipeline keys this shopper by: userId when known, else anonymousId (VisitorId's
   * rule).
   */
  public String visitorId() {
    return userId != null ? userId : anonymousId;
  }
}
