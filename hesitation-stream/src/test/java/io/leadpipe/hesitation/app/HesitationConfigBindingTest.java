package io.leadpipe.hesitation.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.hesitation.reason.BehaviourSignal;
import io.leadpipe.hesitation.reason.ReasonRules;
import io.leadpipe.schemas.common.HesitationReason;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code leadpipe.hesitations.*} bound onto {@link HesitationConfig} by {@link
 * HesitationConfigFactory}.
 */
class HesitationConfigBindingTest {

  private static HesitationConfig bind(Map<String, Object> properties) {
    try (ApplicationContext ctx = ApplicationContext.run(properties)) {
      return ctx.getBean(HesitationConfig.class);
    }
  }

  @Test
  void withoutConfigurationDetectionUsesItsDefaultsUnderItsOwnApplicationId() {
    assertThat(bind(Map.of())).isEqualTo(HesitationConfig.defaults());
    try (ApplicationContext ctx = ApplicationContext.run(Map.of())) {
      assertThat(ctx.getBean(HesitationStreamsProperties.class).toSettings().applicationId())
          .isEqualTo("leadpipe-hesitations");
    }
  }

  @Test
  void fastDemoSwitchesToTheDemoWindows() {
    assertThat(bind(Map.of("leadpipe.hesitations.fast-demo", true)))
        .isEqualTo(HesitationConfig.fastDemo());
  }

  @Test
  void eachDetectionKeyOverridesTheBase() {
    HesitationConfig c =
        bind(
            Map.of(
                "leadpipe.hesitations.fast-demo",
                true,
                "leadpipe.hesitations.cart-idle",
                "20s",
                "leadpipe.hesitations.browse-min-views",
                4,
                "leadpipe.hesitations.pricing-paths",
                List.of("/Tarife"),
                "leadpipe.hesitations.tick",
                "1s"));

    assertThat(c.detection().cartIdle()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.detection().browseMinViews()).isEqualTo(4);
    assertThat(c.detection().pricingPaths()).containsExactly("/tarife");
    assertThat(c.detection().checkoutIdle())
        .isEqualTo(HesitationConfig.fastDemo().detection().checkoutIdle());
    assertThat(c.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.reasons()).isEqualTo(HesitationConfig.defaults().reasons());
  }

  @Test
  void theReasonRulesAreBoundToo() {
    HesitationConfig c =
        bind(
            Map.of(
                "leadpipe.hesitations.reasons.min-confidence",
                0.4,
                "leadpipe.hesitations.reasons.lookback",
                "3d",
                "leadpipe.hesitations.reasons.discount-search-terms",
                List.of("Rabatt", "Gutschein"),
                "leadpipe.hesitations.reasons.page-signals./versand",
                "SHIPPING_INFO_VIEWED",
                "leadpipe.hesitations.reasons.rules.COUPON_SEARCH.weight",
                0.7,
                "leadpipe.hesitations.reasons.rules.size-guide-viewed.reason",
                "SHIPPING"));
    ReasonRules d = ReasonRules.defaults();
    ReasonRules r = c.reasons();
    assertThat(r.minConfidence()).isEqualTo(0.4);
    assertThat(r.lookback()).isEqualTo(Duration.ofDays(3));
    assertThat(r.discountSearchTerms()).containsExactly("rabatt", "gutschein");
    assertThat(r.pageSignals())
        .containsEntry("/versand", BehaviourSignal.SHIPPING_INFO_VIEWED)
        .containsAllEntriesOf(d.pageSignals());
    // one field of one rule changes; the other keeps the default
    assertThat(r.rules().get(BehaviourSignal.COUPON_SEARCH))
        .isEqualTo(new ReasonRules.ReasonRule(HesitationReason.PRICE, 0.7));
    assertThat(r.rules().get(BehaviourSignal.SIZE_GUIDE_VIEWED))
        .isEqualTo(new ReasonRules.ReasonRule(HesitationReason.SHIPPING, 0.3));
    assertThat(r.rules().get(BehaviourSignal.REVIEW_READ))
        .isEqualTo(d.rules().get(BehaviourSignal.REVIEW_READ));
    assertThat(r.maxCountedPerSignal()).isEqualTo(d.maxCountedPerSignal());
    assertThat(c.detection()).isEqualTo(HesitationConfig.defaults().detection());
  }

  @Test
  void anUnknownKeyOrABadValueFailsStartUpWithItsName() {
    assertThatThrownBy(() -> bind(Map.of("leadpipe.hesitations.fast-demo", "sometimes")))
        .hasStackTraceContaining(
            "leadpipe.hesitations.fast-demo: expected true or false, got 'sometimes'");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.hesitations.cart-idel", "1h")))
        .hasStackTraceContaining(
            "leadpipe.hesitations.cart-idel: unknown key; allowed here: cart-idle,");
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.hesitations.reasons.rules.COUPON_SEARCH.reason", "COST")))
        .hasStackTraceContaining(
            "leadpipe.hesitations.reasons.rules.COUPON_SEARCH.reason: expected one of [");
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.hesitations.reasons.rules.MIND_READING.weight", 0.5)))
        .hasStackTraceContaining(
            "leadpipe.hesitations.reasons.rules.MIND_READING (the key): expected one of [");
  }

  /** Only configuration is under test: the dashboard module's Kafka clients stay off. */
}
