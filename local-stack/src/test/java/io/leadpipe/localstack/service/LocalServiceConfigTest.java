package io.leadpipe.localstack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.config.PolicyConfigs;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.schemas.common.HesitationKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LocalServiceConfigTest {

  private final LocalServiceConfig config = new LocalServiceConfig("127.0.0.1:9092", "http://127.0.0.1:8081",
      Path.of("/data/state"));

  @Test
  void every_service_is_pointed_at_the_stacks_kafka_and_registry() {
    for (ServiceSpec spec : List.of(config.ingest(8080), config.scoring(8082),
        config.notifier(8083, URI.create("http://127.0.0.1:8084/webhooks/leadpipe"), "secret"))) {
      assertThat(spec.properties())
          .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
          .containsEntry("leadpipe.schema-registry.url", "http://127.0.0.1:8081");
    }
    assertThat(config.ingest(8080).properties())
        .containsEntry("leadpipe.ingest.sources.demo-shop.write-key", LocalServiceConfig.DEMO_WRITE_KEY);
  }

  @Test
  void the_notifier_keeps_state_in_the_data_dir_and_delivers_to_the_demo_receiver() {
    ServiceSpec notifier = config.notifier(8083, URI.create("http://127.0.0.1:8084/webhooks/leadpipe"), "secret");

    assertThat(notifier.properties())
        .containsEntry("leadpipe.notifier.state-dir", Path.of("/data/state/notifier-service").toString())
        .containsEntry("leadpipe.webhooks.demo-shop.url", "http://127.0.0.1:8084/webhooks/leadpipe")
        .containsEntry("leadpipe.webhooks.demo-shop.secret", "secret")
        .containsEntry("leadpipe.notifier.quiet-start", "00:00")
        .containsEntry("leadpipe.notifier.quiet-end", "00:00");
  }

  @Test
  void the_demo_sequences_are_valid_for_the_notifier_and_finish_within_a_minute() {
    for (HesitationKind kind : List.of(HesitationKind.CART_ABANDONED, HesitationKind.CHECKOUT_ABANDONED,
        HesitationKind.BROWSE_ABANDONED, HesitationKind.PRICE_WATCHING)) {
      String steps = config.notifier(8083, URI.create("http://x"), "s").properties()
          .get("leadpipe.notifier.sequences." + kind.name());
      List<PolicyConfig.Step> sequence = PolicyConfigs.parseSequence(steps);

      assertThat(sequence).as(kind.name()).isNotEmpty();
      assertThat(sequence.get(sequence.size() - 1).delay()).isLessThanOrEqualTo(Duration.ofMinutes(1));
      assertThat(sequence.get(sequence.size() - 1).type().name().toLowerCase(Locale.ROOT)).isEqualTo("survey");
    }
  }
}
