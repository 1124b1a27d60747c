package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.ConsumerGroups;
import io.leadpipe.notifier.webhook.Receiver.Reply;
import io.leadpipe.schemas.topics.Topics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook admin API of the running notifier: only with an admin key (401 without, 403 with a
 * wrong one, problem+json), the endpoints' state, and a dead-lettered delivery listed and replayed
 * over HTTP until the receiver gets it.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class WebhookAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ADMIN_KEY = "webhook-admin-it-key";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void deadLetteredDeliveriesAreListedAndReplayedByAnAdminOnly(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "notifier-admin-" + run;
    String id = "h-" + run + "-a#1";
    try (Receiver crm = new Receiver((t, attempt) -> Reply.status(422))) {
      ConsumerGroups.startAtTheEnd(
          env, Topics.FOLLOWUP_TRIGGERS.name(), List.of(appId + "-webhook-crm"));
      try (EmbeddedServer server =
          ApplicationContext.run(
              EmbeddedServer.class,
              Map.ofEntries(
                  Map.entry("micronaut.server.port", -1),
                  Map.entry("kafka.bootstrap.servers", env.bootstrapServers()),
                  Map.entry("leadpipe.schema-registry.url", env.schemaRegistryUrl()),
                  Map.entry("leadpipe.security.admin-keys", ADMIN_KEY),
                  Map.entry("leadpipe.notifier.application-id", appId),
                  Map.entry(
                      "leadpipe.notifier.state-dir",
                      Files.createTempDirectory("notifier-admin").toString()),
                  Map.entry("leadpipe.webhooks.crm.url", crm.url().toString()),
                  Map.entry("leadpipe.webhooks.crm.secret", crm.secret.encoded()),
                  Map.entry("leadpipe.webhooks.crm.retry-schedule", "100ms"),
                  Map.entry("leadpipe.webhooks.crm.allow-private-network", true)))) {
        String base = server.getURL().toString();

        // Given a delivery the receiver refused, dead-lettered
        WebhookDispatcherIT.publish(env, List.of(id));
        await().atMost(WAIT).until(() -> crm.attempts.containsKey(id));

        // Then the admin API answers only with the admin key
        String deadLetters = base + "/admin/webhooks/dead-letters?endpoint=crm";
        HttpResponse<String> none = get(deadLetters, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get(deadLetters, "wrong-key").statusCode()).isEqualTo(403);

        // And lists the dead letter with its reason
        JsonNode entry =
            await().atMost(WAIT).until(() -> find(get(deadLetters, ADMIN_KEY), id), e -> e != null);
        assertThat(entry.path("reason").asText()).isEqualTo(EndpointDispatcher.REFUSED_REASON);
        assertThat(entry.path("lastStatus").asInt()).isEqualTo(422);
        assertThat(entry.path("replayable").asBoolean()).isTrue();
        JsonNode endpoints = json.readTree(get(base + "/admin/webhooks", ADMIN_KEY).body());
        assertThat(endpoints.path("crm").path("enabled").asBoolean()).isTrue();
        assertThat(endpoints.path("crm").path("deadLettered").asLong()).isEqualTo(1);

        // When the receiver is fixed and an admin replays the dead letter
        crm.rule = (t, attempt) -> Reply.OK;
        String replay =
            base
                + "/admin/webhooks/dead-letters/"
                + entry.path("partition").asInt()
                + "/"
                + entry.path("offset").asLong()
                + "/replay";
        assertThat(post(replay, null).statusCode()).isEqualTo(401);
        assertThat(post(replay, ADMIN_KEY).statusCode()).isEqualTo(202);

        // Then the receiver gets it; unknown dead letters and endpoints are 404
        await().atMost(WAIT).until(() -> crm.deliveredInOrder.contains(id));
        assertThat(
                post(base + "/admin/webhooks/dead-letters/0/999999999/replay", ADMIN_KEY)
                    .statusCode())
            .isEqualTo(404);
        assertThat(post(base + "/admin/webhooks/nobody/enable", ADMIN_KEY).statusCode())
            .isEqualTo(404);
      }
    }
  }

  private JsonNode find(HttpResponse<String> list, String triggerId) throws Exception {
    assertThat(list.statusCode()).isEqualTo(200);
    for (JsonNode e : json.readTree(list.body())) {
      if (triggerId.equals(e.path("triggerId").asText())) {
        return e;
      }
    }
    return null;
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).GET();
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String key) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      r.header("X-Admin-Key", key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
