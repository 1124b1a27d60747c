package io.leadpipe.localstack.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.webhook.WebhookSigner;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver checks webhooks as docs/followups.md tells receivers to, against the notifier's own
 * signer.
 */
class DemoWebhookReceiverTest {

  private static final String SECRET = "s3cret";
  private static final String BODY =
      """
      {"id":"h-1#1","type":"followup.trigger","data":{"triggerId":"h-1#1","visitorId":"user-7","play":"SURVEY"}}""";

  private final List<String> handed = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private DemoWebhookReceiver receiver;

  @TempDir Path dir;

  @BeforeEach
  void start() {
    receiver = start(0);
  }

  private DemoWebhookReceiver start(int port) {
    return DemoWebhookReceiver.start(
        port,
        SECRET,
        Clock.systemUTC(),
        dir.resolve("keys.txt"),
        (visitor, trigger, play) -> handed.add(visitor + " " + trigger + " " + play));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void a_webhook_signed_with_the_shared_secret_is_handed_to_the_shopper_once() throws Exception {
    String signature = new WebhookSigner(SECRET, Clock.systemUTC()).sign(BODY);

    assertThat(post(BODY, signature, "h-1#1").statusCode()).isEqualTo(200);
    assertThat(post(BODY, signature, "h-1#1").body()).as("a redelivery").isEqualTo("duplicate");

    assertThat(handed).containsExactly("user-7 h-1#1 SURVEY");
    assertThat(receiver.stats())
        .isEqualTo(new DemoWebhookReceiver.Stats(1, 0, 1, java.util.Map.of("SURVEY", 1L)));
  }

  @Test
  void a_redelivery_after_a_restart_is_still_recognised() throws Exception {
    String signature = new WebhookSigner(SECRET, Clock.systemUTC()).sign(BODY);
    post(BODY, signature, "h-1#1");
    receiver.close();

    receiver = start(0);

    assertThat(post(BODY, signature, "h-1#1").body()).isEqualTo("duplicate");
    assertThat(handed).hasSize(1);
  }

  @Test
  void a_wrong_secret_a_stale_timestamp_or_no_signature_is_refused() throws Exception {
    long now = Clock.systemUTC().instant().getEpochSecond();
    String wrongSecret = new WebhookSigner("other", Clock.systemUTC()).sign(BODY);
    String stale =
        new WebhookSigner(SECRET, Clock.systemUTC())
            .sign(BODY, now - DemoWebhookReceiver.SIGNATURE_TOLERANCE.toSeconds() - 60);
    String tampered =
        new WebhookSigner(SECRET, Clock.systemUTC()).sign(BODY.replace("SURVEY", "OTHER"));

    assertThat(post(BODY, wrongSecret, "k1"))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(401);
              assertThat(r.body()).isEqualTo("SIGNATURE_MISMATCH");
            });
    assertThat(post(BODY, stale, "k2").body()).isEqualTo("TIMESTAMP_OUT_OF_TOLERANCE");
    assertThat(post(BODY, tampered, "k3").statusCode()).isEqualTo(401);
    assertThat(post(BODY, null, "k4").body()).isEqualTo("MALFORMED_HEADER");

    assertThat(handed).isEmpty();
    assertThat(receiver.stats().rejected()).isEqualTo(4);
  }

  @Test
  void a_signed_body_without_the_follow_up_fields_is_a_bad_request_and_can_be_resent()
      throws Exception {
    String body = "{\"id\":\"x\",\"data\":{}}";
    WebhookSigner signer = new WebhookSigner(SECRET, Clock.systemUTC());

    assertThat(post(body, signer.sign(body), "k").statusCode()).isEqualTo(400);
    assertThat(post("not json", signer.sign("not json"), "k2").statusCode()).isEqualTo(400);
    assertThat(post(BODY, signer.sign(BODY), "k").statusCode())
        .as("the key was not used up")
        .isEqualTo(200);
    assertThat(handed).hasSize(1);
  }

  @Test
  void get_shows_the_counts_and_the_latest_follow_ups() throws Exception {
    post(BODY, new WebhookSigner(SECRET, Clock.systemUTC()).sign(BODY), "h-1#1");

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(receiver.url()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode shown = new ObjectMapper().readTree(get.body());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(shown.path("verified").asLong()).isEqualTo(1);
    assertThat(shown.path("byPlay").path("SURVEY").asLong()).isEqualTo(1);
    assertThat(shown.path("recent").get(0).path("triggerId").asText()).isEqualTo("h-1#1");
    assertThat(shown.path("recent").get(0).path("visitorId").asText()).isEqualTo("user-7");
    assertThat(receiver.recent())
        .extracting(DemoWebhookReceiver.FollowUp::play)
        .containsExactly("SURVEY");
  }

  @Test
  void other_methods_are_not_allowed() throws Exception {
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(receiver.url())
                .PUT(HttpRequest.BodyPublishers.ofString(BODY))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> post(String body, String signature, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(receiver.url())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(WebhookSigner.IDEMPOTENCY_HEADER, key)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(WebhookSigner.SIGNATURE_HEADER, signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
