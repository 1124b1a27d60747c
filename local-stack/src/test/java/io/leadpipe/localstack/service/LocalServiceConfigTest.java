package io.leadpipe.localstack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.HesitationKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LocalServiceConfigTest {

  /**
   * The notifier's sequence syntax as docs/followups.md documents it ({@code TYPE@delay}, units
   * ms/s/m/h/d). Checked here without the notifier jar; LocalStackIT starts the real notifier with
   * these settings.
   */
  private static final Pattern STEP = Pattern.compile("([A-Z_]+)@([0-9]+)(ms|s|m|h|d)");

  private static final Set<String> STEP_TYPES = Set.of("REMINDER", "REASON_PLAY", "SURVEY");

  private final LocalServiceConfig config =
      new LocalServiceConfig("127.0.0.1:9092", "http://127.0.0.1:8081", Path.of("/data/state"));

  @Test
  void every_service_is_pointed_at_the_stacks_kafka_and_registry() {
    for (ServiceSpec spec :
        List.of(
            config.ingest(8080),
            config.scoring(8082),
            config.notifier(
                8083, URI.create("http://127.0.0.1:8084/webhooks/leadpipe"), "secret", 8080))) {
      assertThat(spec.properties())
          .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
          .containsEntry("leadpipe.schema-registry.url", "http://127.0.0.1:8081");
    }
    assertThat(config.ingest(8080).properties())
        .containsEntry(
            "leadpipe.ingest.sources.demo-shop.write-key", LocalServiceConfig.DEMO_WRITE_KEY);
  }

  @Test
  void the_notifier_keeps_state_in_the_data_dir_and_delivers_to_the_demo_receiver() {
    ServiceSpec notifier =
        config.notifier(
            8083, URI.create("http://127.0.0.1:8084/webhooks/leadpipe"), "secret", 8090);

    assertThat(notifier.properties())
        .containsEntry(
            "leadpipe.notifier.state-dir", Path.of("/data/state/notifier-service").toString())
        .containsEntry("leadpipe.webhooks.demo-shop.url", "http://127.0.0.1:8084/webhooks/leadpipe")
        .containsEntry("leadpipe.webhooks.demo-shop.secret", "secret")
        .containsEntry("leadpipe.notifier.quiet-start", "00:00")
        .containsEntry("leadpipe.notifier.quiet-end", "00:00")
        .containsEntry("leadpipe.notifier.survey.base-url", "http://localhost:8090/survey/");
  }

  @Test
  void the_demo_sequences_are_valid_for_the_notifier_and_finish_within_a_minute() {
    for (HesitationKind kind :
        List.of(
            HesitationKind.CART_ABANDONED,
            HesitationKind.CHECKOUT_ABANDONED,
            HesitationKind.BROWSE_ABANDONED,
            HesitationKind.PRICE_WATCHING)) {
      String steps =
          config
              .notifier(8083, URI.create("http://x"), "s", 8080)
              .properties()
              .get("leadpipe.notifier.sequences." + kind.name());
      List<String> parts = List.of(steps.split(","));

      assertThat(parts).as(kind.name()).isNotEmpty();
      for (String part : parts) {
        assertThat(STEP_TYPES).as(kind + ": " + part).contains(step(part).group(1));
      }
      Matcher last = step(parts.get(parts.size() - 1));
      assertThat(delay(last)).isLessThanOrEqualTo(Duration.ofMinutes(1));
      assertThat(last.group(1)).isEqualTo("SURVEY");
    }
  }

  private static Matcher step(String part) {
    Matcher m = STEP.matcher(part.trim());
    assertThat(m.matches()).as("TYPE@delay: " + part).isTrue();
    return m;
  }

  private static Duration delay(Matcher step) {
    long n = Long.parseLong(step.group(2));
    return switch (step.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
