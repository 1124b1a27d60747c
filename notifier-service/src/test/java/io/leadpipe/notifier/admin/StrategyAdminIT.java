package io.leadpipe.notifier.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.topics.Topics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The strategies admin API of the running notifier: only with an admin key, the configured
 * sequences seeded as strategies, every invalid field reported with its path, versions counted, and
 * a write followed by the very next hesitation without a restart.
 *
 * <p>The broker is shared by this JVM's tests: the strategies written here (the seeded defaults
 * included) are deleted at the end, so the other tests see no strategy and follow their configured
 * sequences.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class StrategyAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ADMIN_KEY = "strategy-admin-it-key";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void operatorsManageStrategiesThatTheNextHesitationFollows(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String strategyId = "it-" + run;
    String visitor = "v-" + run;
    try (FollowupVerifier verifier = new FollowupVerifier(env, "h-" + run);
        EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.ofEntries(
                    Map.entry("micronaut.server.port", -1),
                    Map.entry("kafka.bootstrap.servers", env.bootstrapServers()),
                    Map.entry("leadpipe.schema-registry.url", env.schemaRegistryUrl()),
                    Map.entry("leadpipe.security.admin-keys", ADMIN_KEY),
                    Map.entry("leadpipe.notifier.strategies.seed-defaults", true),
                    Map.entry("leadpipe.notifier.application-id", "notifier-strategies-" + run),
                    Map.entry(
                        "leadpipe.notifier.state-dir",
                        Files.createTempDirectory("notifier-strategies").toString())))) {
      String base = server.getURL() + "/admin/strategies";
      try {
        // Only an admin gets in
        HttpResponse<String> none = send("GET", base, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(send("GET", base, "wrong-key", null).statusCode()).isEqualTo(403);

        // The configured sequences are seeded as strategies
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(ids(send("GET", base, ADMIN_KEY, null)))
                        .contains(
                            "default-cart-abandoned",
                            "default-checkout-abandoned",
                            "default-browse-abandoned",
                            "default-price-watching"));
        JsonNode cart =
            json.readTree(send("GET", base + "/default-cart-abandoned", ADMIN_KEY, null).body());
        assertThat(cart.path("version").asInt()).isEqualTo(1);
        assertThat(cart.path("updatedBy").asText()).isEqualTo("leadpipe-defaults");
        assertThat(cart.path("steps").get(0).path("delay").asText()).isEqualTo("1h");

        // Every wrong field is reported with its path
        HttpResponse<String> invalid =
            send(
                "POST",
                base,
                ADMIN_KEY,
                "{\"strategyId\": \""
                    + strategyId
                    + "\", \"name\": \"x\", \"holdoutShare\": 2,"
                    + " \"steps\": [{\"type\": \"REMINDER\", \"delay\": \"soon\"}]}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        assertThat(invalid.body()).contains("steps[0].delay").contains("holdoutShare");

        // Created as version 1, updated as version 2
        String strategy =
            """
            {"strategyId": "%s", "name": "Shipping-minded price watchers", "priority": 100,
             "audience": {"hesitationKinds": ["PRICE_WATCHING"], "reasons": ["SHIPPING"]},
             "steps": [{"type": "REASON_PLAY", "delay": "1s", "templateKey": "%s"}],
             "guardrails": {"quietStart": "00:00", "quietEnd": "00:00"},
             "holdoutShare": 0}
            """;
        HttpResponse<String> created =
            send("POST", base, ADMIN_KEY, strategy.formatted(strategyId, "first"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location"))
            .hasValue("/admin/strategies/" + strategyId);
        assertThat(json.readTree(created.body()).path("version").asInt()).isEqualTo(1);
        assertThat(
                send("POST", base, ADMIN_KEY, strategy.formatted(strategyId, "first")).statusCode())
            .isEqualTo(409);
        HttpResponse<String> updated =
            send(
                "PUT",
                base + "/" + strategyId,
                ADMIN_KEY,
                strategy.formatted(strategyId, "second"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json.readTree(updated.body()).path("version").asInt()).isEqualTo(2);

        // The next hesitation of its audience follows version 2, no restart needed
        publish(
            env,
            Fixtures.detected(
                visitor,
                "h-" + run,
                HesitationKind.PRICE_WATCHING,
                HesitationReason.SHIPPING,
                Instant.now()));
        FollowupDecision first =
            await().atMost(WAIT).until(() -> verifier.decisions(), d -> !d.isEmpty()).get(0);
        assertThat(first.getStrategyId()).isEqualTo(strategyId);
        assertThat(first.getStrategyVersion()).isEqualTo(2);
        assertThat(first.getVariantId()).isEqualTo("base");

        // Its results are answered to admins only: the visitor counted in the base arm, by reason
        String results = server.getURL() + "/admin/strategy-results";
        assertThat(send("GET", results + "/" + strategyId, null, null).statusCode()).isEqualTo(401);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  HttpResponse<String> r = send("GET", results + "/" + strategyId, ADMIN_KEY, null);
                  assertThat(r.statusCode()).isEqualTo(200);
                  JsonNode body = json.readTree(r.body());
                  assertThat(body.path("strategyVersion").asInt()).isEqualTo(2);
                  assertThat(body.path("arms")).hasSize(1);
                  assertThat(body.path("arms").get(0).path("variantId").asText()).isEqualTo("base");
                  assertThat(body.path("arms").get(0).path("assigned").asLong()).isEqualTo(1);
                  assertThat(body.path("reasons").path("SHIPPING").get(0).path("assigned").asLong())
                      .isEqualTo(1);
                  assertThat(body.toString()).doesNotContain(visitor);
                });
        assertThat(json.readTree(send("GET", results, ADMIN_KEY, null).body()).path("results"))
            .anySatisfy(r -> assertThat(r.path("strategyId").asText()).isEqualTo(strategyId));
        HttpResponse<String> unknown = send("GET", results + "/none-" + run, ADMIN_KEY, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");

        // Deleted: gone
        assertThat(send("DELETE", base + "/" + strategyId, ADMIN_KEY, null).statusCode())
            .isEqualTo(204);
        assertThat(send("GET", base + "/" + strategyId, ADMIN_KEY, null).statusCode())
            .isEqualTo(404);
      } finally {
        for (String id : ids(send("GET", base, ADMIN_KEY, null))) {
          send("DELETE", base + "/" + id, ADMIN_KEY, null);
        }
      }
    }
  }

  private List<String> ids(HttpResponse<String> listing) throws Exception {
    List<String> ids = new ArrayList<>();
    if (listing.statusCode() == 200) {
      json.readTree(listing.body())
          .path("strategies")
          .forEach(s -> ids.add(s.path("strategyId").asText()));
    }
    return ids;
  }

  private static void publish(KafkaTestEnvironment env, Hesitation h) throws Exception {
    try (KafkaProducer<String, Hesitation> producer =
        env.producer(
            Topics.HESITATIONS.keySerde().serializer(),
            Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
      producer.send(new ProducerRecord<>(Topics.HESITATIONS.name(), h.getVisitorId(), h)).get();
    }
  }

  private HttpResponse<String> send(String method, String url, String key, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
