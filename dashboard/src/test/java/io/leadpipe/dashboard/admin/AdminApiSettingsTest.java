package io.leadpipe.dashboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.dashboard.config.DashboardProperties;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong admin API address stops the service at start-up, naming the setting to fix. */
class AdminApiSettingsTest {

  @Test
  void aNotifierAddressThatIsNotAnHttpAddressFailsStartUpByName() {
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                        Map.of(
                            "leadpipe.mode", "local",
                            "kafka.bootstrap.servers", "127.0.0.1:9",
                            "leadpipe.dashboard.admin-api.notifier-url", "notifier-service:8083"))
                    .close())
        .rootCause()
        .hasMessageStartingWith("leadpipe.dashboard.admin-api.notifier-url: ")
        .hasMessageContaining("'notifier-service:8083'");
  }

  @Test
  void theDefaultNotifierAddressIsTheLocalStacksAndPassesTheCheck() {
    String configured = new DashboardProperties().getAdminApi().getNotifierUrl();
    assertThat(AdminApiClient.checkedUrl("x", configured, false))
        .isEqualTo("http://127.0.0.1:8083");
    assertThat(new DashboardProperties().getAdminApi().getScoringUrl())
        .as("empty: this service, once its port is known")
        .isEmpty();
  }
}
