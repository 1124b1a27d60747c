package io.leadpipe.hesitation.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.hesitation.app.HesitationStreamsProperties;
import io.leadpipe.hesitation.HesitationConfig;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HesitationPropertiesTest {

  private static HesitationConfig bind(Map<String, Object> properties) {
    try (ApplicationContext ctx = ApplicationContext.run(withoutDashboard(properties))) {
      return ctx.getBean(HesitationProperties.class).toHesitationConfig();
    }
  }

  @Test
  void withoutConfigurationDetectionUsesItsDefaultsUnderItsOwnApplicationId() {
    assertThat(bind(Map.of())).isEqualTo(HesitationConfig.defaults());
    try (ApplicationContext ctx = ApplicationContext.run(withoutDashboard(Map.of()))) {
      assertThat(ctx.getBean(HesitationStreamsProperties.class).toSettings().applicationId())
          .isEqualTo("leadpipe-hesitations");
    }
  }

  @Test
  void fastDemoSwitchesToTheDemoWindows() {
    assertThat(bind(Map.of("leadpipe.hesitations.fast-demo", true))).isEqualTo(HesitationConfig.fastDemo());
  }

  @Test
  void eachDetectionKeyOverridesTheBase() {
    HesitationConfig c = bind(Map.of(
        "leadpipe.hesitations.fast-demo", true,
        "leadpipe.hesitations.cart-idle", "20s",
        "leadpipe.hesitations.browse-min-views", 4,
        "leadpipe.hesitations.pricing-paths", List.of("/Tarife"),
        "leadpipe.hesitations.tick", "1s"));

    assertThat(c.detection().cartIdle()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.detection().browseMinViews()).isEqualTo(4);
    assertThat(c.detection().pricingPaths()).containsExactly("/tarife");
    assertThat(c.detection().checkoutIdle()).isEqualTo(HesitationConfig.fastDemo().detection().checkoutIdle());
    assertThat(c.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.reasons()).isEqualTo(HesitationConfig.defaults().reasons());
  }

  /** Only configuration is under test: the dashboard module's Kafka clients stay off. */
  private static Map<String, Object> withoutDashboard(Map<String, Object> properties) {
    Map<String, Object> p = new java.util.HashMap<>(properties);
    p.put("leadpipe.dashboard.enabled", false);
    return p;
  }
}
