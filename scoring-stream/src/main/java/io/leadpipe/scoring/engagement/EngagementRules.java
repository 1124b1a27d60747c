package io.leadpipe.scoring.engagement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Engagement scoring configuration: points per signal, a page-path rule for negative pages
 * (careers), and how many factors the explanation lists.
 */
public record EngagementRules(
    Map<String, SignalRule> signals,
    List<String> negativePagePrefixes,
    String negativePageSignal,
    int topFactors) {

  public EngagementRules {
    signals = Map.copyOf(signals);
    negativePagePrefixes = List.copyOf(negativePagePrefixes);
  }

  public Optional<SignalRule> rule(String signal) {
    return Optional.ofNullable(signals.get(signal));
  }

  /**
   * Signal a page view counts as: the negative page signal when its path matches (careers page =
   * job seeker, not buyer).
   */
  public String classifyPageView(String path) {
    if (path != null) {
      String p = path.toLowerCase(java.util.Locale.ROOT);
      for (String prefix : negativePagePrefixes) {
        if (p.startsWith(prefix)) {
          return negativePageSignal;
        }
      }
    }
    return "PAGE_VIEW";
  }

  /**
   * E-commerce defaults: buying intent weighs most and decays slowly; browsing is cheap and fades
   * in days; caps follow Marketo (20/day).
   */
  public static EngagementRules defaults() {
    Duration day = Duration.ofDays(1);
    return new EngagementRules(
        Map.ofEntries(
            Map.entry("PAGE_VIEW", new SignalRule(1, day.multipliedBy(7), 20)),
            Map.entry("PRODUCT_VIEW", new SignalRule(3, day.multipliedBy(7), 20)),
            Map.entry("SEARCH", new SignalRule(2, day.multipliedBy(7), 20)),
            Map.entry("ADD_TO_CART", new SignalRule(10, day.multipliedBy(14), 20)),
            Map.entry("REMOVE_FROM_CART", new SignalRule(-2, day.multipliedBy(7), 20)),
            Map.entry("CHECKOUT_STARTED", new SignalRule(15, day.multipliedBy(14), 20)),
            Map.entry("PURCHASE", new SignalRule(30, day.multipliedBy(60), 20)),
            Map.entry("REVIEW_READ", new SignalRule(2, day.multipliedBy(7), 20)),
            Map.entry("PRODUCT_RESEARCH", new SignalRule(2, day.multipliedBy(7), 20)),
            Map.entry("PRODUCT_SHARED", new SignalRule(5, day.multipliedBy(14), 20)),
            Map.entry("SIGNUP", new SignalRule(10, day.multipliedBy(30), 20)),
            Map.entry("NEWSLETTER_SIGNUP", new SignalRule(10, day.multipliedBy(30), 20)),
            Map.entry("FEEDBACK", new SignalRule(5, day.multipliedBy(30), 20)),
            Map.entry("SOCIAL_FOLLOW", new SignalRule(5, day.multipliedBy(30), 20)),
            Map.entry("SOCIAL_LIKE", new SignalRule(1, day.multipliedBy(7), 20)),
            Map.entry("SOCIAL_COMMENT", new SignalRule(3, day.multipliedBy(14), 20)),
            Map.entry("SOCIAL_SHARE", new SignalRule(5, day.multipliedBy(14), 20)),
            Map.entry("SOCIAL_MENTION", new SignalRule(3, day.multipliedBy(14), 20)),
            Map.entry("SOCIAL_MESSAGE", new SignalRule(3, day.multipliedBy(14), 20)),
            Map.entry("SOCIAL_UNFOLLOW", new SignalRule(-5, day.multipliedBy(30), 20)),
            Map.entry("UNSUBSCRIBE", new SignalRule(-20, day.multipliedBy(90), 20)),
            Map.entry("CAREERS_PAGE", new SignalRule(-10, day.multipliedBy(30), 20)),
            Map.entry("FORM_ERROR", new SignalRule(-2, day.multipliedBy(3), 20))),
        List.of("/careers", "/jobs"),
        "CAREERS_PAGE",
        5);
  }
}
