package io.leadpipe.localstack.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.webhook.WebhookSecret;
import io.leadpipe.webhook.WebhookSigner;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static final WebhookSecret KEY = WebhookSecret.generate(new SecureRandom(), 32);
  private static final String SECRET = KEY.encoded();
  private static final WebhookSigner SIGNER = new WebhookSigner(KEY, Clock.systemUTC());
  private static final String BODY =
      """
      {"id":"h-1#1","type":"followup.trigger","data":{"triggerId":"h-1#1","visitorId":"user-7","play":"SURVEY","attributes":{"surveyUrl":"http://localhost:8080/survey/t0k3n"}}}""";

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
        (visitor, trigger, play, surveyUrl) ->
            handed.add(visitor + " " + trigger + " " + play + " " + surveyUrl));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void a_webhook_signed_with_the_shared_secret_is_handed_to_the_shopper_once() throws Exception {
    Map<String, String> signed = SIGNER.headers("h-1#1", BODY);

    assertThat(post(BODY, signed).statusCode()).isEqualTo(200);
    assertThat(post(BODY, signed).body()).as("a redelivery").isEqualTo("duplicate");

    assertThat(handed)
        .as("the survey step's link is handed on")
        .containsExactly("user-7 h-1#1 SURVEY http://localhost:8080/survey/t0k3n");
    assertThat(receiver.stats())
        .isEqualTo(new DemoWebhookReceiver.Stats(1, 0, 1, Map.of("SURVEY", 1L)));
  }

  @Test
  void a_redelivery_after_a_restart_is_still_recognised() throws Exception {
    post(BODY, SIGNER.headers("h-1#1", BODY));
    receiver.close();

    receiver = start(0);

    assertThat(post(BODY, SIGNER.headers("h-1#1", BODY)).body()).isEqualTo("duplicate");
    assertThat(handed).hasSize(1);
  }

  @Test
  void a_wrong_secret_a_stale_timestamp_or_no_signature_is_refused() throws Exception {
    long now = Clock.systemUTC().instant().getEpochSecond();
    Map<String, String> wrongSecret =
        new WebhookSigner(WebhookSecret.generate(new SecureRandom(), 32), Clock.systemUTC())
            .headers("k1", BODY);
    Map<String, String> stale =
        SIGNER.headers("k2", now - DemoWebhookReceiver.SIGNATURE_TOLERANCE.toSeconds() - 60, BODY);
    Map<String, String> tampered = SIGNER.headers("k3", BODY.replace("SURVEY", "OTHER"));
    Map<String, String> unsigned = new HashMap<>(SIGNER.headers("k4", BODY));
    unsigned.remove(WebhookSigner.SIGNATURE_HEADER);

    assertThat(post(BODY, wrongSecret))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(401);
              assertThat(r.body()).isEqualTo("SIGNATURE_MISMATCH");
            });
    assertThat(post(BODY, stale).body()).isEqualTo("TIMESTAMP_OUT_OF_TOLERANCE");
    assertThat(post(BODY, tampered).statusCode()).isEqualTo(401);
    assertThat(post(BODY, unsigned).body()).isEqualTo("MALFORMED_HEADER");

    assertThat(handed).isEmpty();
    assertThat(receiver.stats().rejected()).isEqualTo(4);
  }

  @Test
  void during_a_key_rotation_a_webhook_signed_with_the_new_and_the_old_secret_is_accepted()
      throws Exception {
    WebhookSigner rotating =
        new WebhookSigner(
            List.of(WebhookSecret.generate(new SecureRandom(), 32), KEY), Clock.systemUTC());

    assertThat(post(BODY, rotating.headers("h-1#1", BODY)).statusCode()).isEqualTo(200);
    assertThat(handed).hasSize(1);
  }

  @Test
  void a_signed_body_without_the_follow_up_fields_is_a_bad_request_and_can_be_resent()
      throws Exception {
    String body = "{\"id\":\"x\",\"data\":{}}";

    assertThat(post(body, SIGNER.headers("k", body)).statusCode()).isEqualTo(400);
    assertThat(post("not json", SIGNER.headers("k2", "not json")).statusCode()).isEqualTo(400);
    assertThat(post(BODY, SIGNER.headers("k", BODY)).statusCode())
        .as("the key was not used up")
        .isEqualTo(200);
    assertThat(handed).hasSize(1);
  }

  @Test
  void get_shows_the_counts_and_the_latest_follow_ups() throws Exception {
    post(BODY, SIGNER.headers("h-1#1", BODY));

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

  private HttpResponse<String> post(String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(receiver.url())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
