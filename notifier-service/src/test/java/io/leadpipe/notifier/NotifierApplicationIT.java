package io.leadpipe.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierApplicationIT {

  @Test
  void theServiceStartsBecomesReadyAndExposesMetrics(KafkaTestEnvironment env) throws Exception {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", env.bootstrapServers(),
                "leadpipe.schema-registry.url", env.schemaRegistryUrl(),
                "leadpipe.notifier.application-id", "notifier-app-it-" + UUID.randomUUID(),
                "leadpipe.notifier.state-dir",
                    Files.createTempDirectory("notifier-app").toString()))) {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                HttpResponse<String> ready =
                    http.send(
                        HttpRequest.newBuilder(URI.create(server.getURL() + "/health/readiness"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("UP");
              });
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(server.getURL() + "/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_");
      // Streams' client metrics are bound too (this one exists from the first poll loop on).
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(
                                          URI.create(server.getURL() + "/prometheus"))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body())
                      .contains("kafka_stream_thread_"));
    }
  }
}
