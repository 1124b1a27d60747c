package io.leadpipe.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentPropertiesTest {

  record Rule(double points, int dailyCap) {}

  record Rules(Map<String, Rule> signals, List<Integer> thresholds, Duration window) {
    static Rules defaults() {
      return new Rules(Map.of("ADD_TO_CART", new Rule(10, 20)), List.of(1, 2), Duration.ofHours(1));
    }
  }

  private static final RecordBinder<Rules> BINDER =
      RecordBinder.of(Rules.class).ignore("streams", "port");

  @SuppressWarnings("removal")
  private static Rules bind(
      Map<String, Object> properties, Map<String, Object> environmentVariables) {
    try (ApplicationContext ctx =
        ApplicationContext.builder()
            .environmentPropertySource(false)
            .propertySources(
                PropertySource.of("test", properties),
                PropertySource.of(
                    EnvironmentPropertySource.NAME,
                    environmentVariables,
                    PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start()) {
      return EnvironmentProperties.bind(
          ctx.getEnvironment(), "app.rules", BINDER, Rules.defaults());
    }
  }

  @Test
  void keysAsWrittenWithMapKeysAndListsIntact() {
    Rules r =
        bind(
            Map.of(
                "app.rules.signals.ADD_TO_CART.points",
                12,
                "app.rules.thresholds",
                List.of(3, 4),
                "app.rules.window",
                "15m",
                "app.rules.streams.threads",
                2,
                "app.other",
                "x"),
            Map.of());
    assertThat(r)
        .isEqualTo(
            new Rules(
                Map.of("ADD_TO_CART", new Rule(12, 20)), List.of(3, 4), Duration.ofMinutes(15)));
  }

  @Test
  void environmentVariablesOverrideAndUnknownOnesAreSkipped() {
    Rules r =
        bind(
            Map.of("app.rules.window", "15m"),
            Map.of(
                "APP_RULES_WINDOW", "2h",
                "APP_RULES_SIGNALS_ADD_TO_CART_DAILY_CAP", "5",
                "APP_RULES_PORT", "9000",
                "APP_RULES_SOMETHING_ELSE", "x"));
    assertThat(r.window()).isEqualTo(Duration.ofHours(2));
    assertThat(r.signals()).containsEntry("ADD_TO_CART", new Rule(10, 5));
  }

  @Test
  void anUnknownKeyInConfigurationFails() {
    assertThatThrownBy(() -> bind(Map.of("app.rules.windw", "1h"), Map.of()))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageStartingWith("app.rules.windw: unknown key");
  }
}
