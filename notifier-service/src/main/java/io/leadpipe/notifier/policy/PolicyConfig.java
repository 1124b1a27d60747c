package io.leadpipe.notifier.policy;

import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the follow-up policy can be told: sequences per hesitation kind, plays per reason and
 * the guardrails. Plain values so the policy and its tests need neither Micronaut nor Kafka.
 */
public record PolicyConfig(
    Map<HesitationKind, List<Step>> sequences,
    Map<HesitationReason, PlaySpec> plays,
    List<String> channels,
    int frequencyCap,
    Duration frequencyWindow,
    Duration cooldown,
    LocalTime quietStart,
    LocalTime quietEnd,
    String defaultTimezone,
    double minEngagementScore,
    Set<String> requiredSegments,
    Set<String> excludedSegments,
    Duration attributionWindow,
    Duration offerValidity) {

  /** One step of a sequence: what to send and how long after detection. */
  public record Step(StepType type, Duration delay) {}

  /** The play for a reason and its parameters (offer code, discount percent, survey URL, ...). */
  public record PlaySpec(FollowupPlay play, Map<String, String> attributes) {}

  /**
   * The documented defaults: reminder 1 h, reason play 24 h, survey 72 h; Smart-Sending-like 16 h
   * cooldown.
   */
  public static PolicyConfig defaults() {
    List<Step> standard =
        List.of(
            new Step(StepType.REMINDER, Duration.ofHours(1)),
            new Step(StepType.REASON_PLAY, Duration.ofHours(24)),
            new Step(StepType.SURVEY, Duration.ofHours(72)));
    Map<HesitationKind, List<Step>> sequences = new EnumMap<>(HesitationKind.class);
    sequences.put(HesitationKind.CART_ABANDONED, standard);
    sequences.put(HesitationKind.CHECKOUT_ABANDONED, standard);
    // Browsers have no cart to remind of: the reason play first, then ask.
    sequences.put(
        HesitationKind.BROWSE_ABANDONED,
        List.of(
            new Step(StepType.REASON_PLAY, Duration.ofHours(24)),
            new Step(StepType.SURVEY, Duration.ofHours(96))));
    // Price watchers are waiting for a better price: go straight to the price play.
    sequences.put(
        HesitationKind.PRICE_WATCHING,
        List.of(
            new Step(StepType.REASON_PLAY, Duration.ofHours(2)),
            new Step(StepType.SURVEY, Duration.ofHours(72))));
    Map<HesitationReason, PlaySpec> plays = new EnumMap<>(HesitationReason.class);
    plays.put(
        HesitationReason.PRICE,
        new PlaySpec(FollowupPlay.DISCOUNT_OFFER, Map.of("discount-percent", "10")));
    plays.put(HesitationReason.REVIEWS, new PlaySpec(FollowupPlay.SOCIAL_PROOF, Map.of()));
    plays.put(
        HesitationReason.QUALITY,
        new PlaySpec(FollowupPlay.QUALITY_REASSURANCE, Map.of("return-days", "30")));
    plays.put(
        HesitationReason.SHIPPING,
        new PlaySpec(FollowupPlay.FREE_SHIPPING, Map.of("free-shipping-threshold", "50")));
    plays.put(
        HesitationReason.UNKNOWN,
        new PlaySpec(FollowupPlay.SURVEY, Map.of("question", "What kept you from ordering?")));
    return new PolicyConfig(
        sequences,
        plays,
        List.of("email", "sms", "push"),
        3,
        Duration.ofDays(7),
        Duration.ofHours(16),
        LocalTime.of(21, 0),
        LocalTime.of(8, 0),
        "UTC",
        0.0,
        Set.of(),
        Set.of(),
        Duration.ofDays(7),
        Duration.ofHours(48));
  }

  public PolicyConfig withSequences(Map<HesitationKind, List<Step>> s) {
    return new PolicyConfig(
        s,
        plays,
        channels,
        frequencyCap,
        frequencyWindow,
        cooldown,
        quietStart,
        quietEnd,
        defaultTimezone,
        minEngagementScore,
        requiredSegments,
        excludedSegments,
        attributionWindow,
        offerValidity);
  }

  public PolicyConfig withGuardrails(
      int cap, Duration window, Duration cool, LocalTime qStart, LocalTime qEnd) {
    return new PolicyConfig(
        sequences,
        plays,
        channels,
        cap,
        window,
        cool,
        qStart,
        qEnd,
        defaultTimezone,
        minEngagementScore,
        requiredSegments,
        excludedSegments,
        attributionWindow,
        offerValidity);
  }

  public PolicyConfig withAudience(double minScore, Set<String> required, Set<String> excluded) {
    return new PolicyConfig(
        sequences,
        plays,
        channels,
        frequencyCap,
        frequencyWindow,
        cooldown,
        quietStart,
        quietEnd,
        defaultTimezone,
        minScore,
        required,
        excluded,
        attributionWindow,
        offerValidity);
  }

  /** Only these channels, in this order (a strategy step bound to one channel). */
  public PolicyConfig withChannels(List<String> only) {
    return new PolicyConfig(
        sequences,
        plays,
        only,
        frequencyCap,
        frequencyWindow,
        cooldown,
        quietStart,
        quietEnd,
        defaultTimezone,
        minEngagementScore,
        requiredSegments,
        excludedSegments,
        attributionWindow,
        offerValidity);
  }

  public PolicyConfig withPlay(HesitationReason reason, PlaySpec spec) {
    Map<HesitationReason, PlaySpec> p = new EnumMap<>(plays);
    p.put(reason, spec);
    return new PolicyConfig(
        sequences,
        p,
        channels,
        frequencyCap,
        frequencyWindow,
        cooldown,
        quietStart,
        quietEnd,
        defaultTimezone,
        minEngagementScore,
        requiredSegments,
        excludedSegments,
        attributionWindow,
        offerValidity);
  }
}
