package io.leadpipe.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.ingest.testing.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given every log line of the JVM captured under the shipped logging configuration with the root
 * turned to DEBUG (as when troubleshooting) and ingest's own loggers to TRACE, while requests
 * arrive with a valid write key (Basic auth and the beacon's query parameter), an unknown key and
 * malformed Authorization headers, carrying an email and a client IP, valid and invalid: then no
 * line holds a key, the email or the IP, in any form. The keys are checked, not stored: only valid
 * ones are accepted (401 otherwise).
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SecretsAndPersonalDataInLogsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void noKeyEmailOrIpReachesTheLogs(KafkaTestEnvironment env) {
    String run = UUID.randomUUID().toString().replace("-", "");
    String validKey = "sk_live_" + run;
    String unknownKey = "sk_unknown_" + run;
    String malformedKey = "sk_malformed_" + run;
    String email = "ana." + run + "@example.com";
    String ip = "203.0.113.77";
    String forwardedIp = "198.51.100.99";
    try (IngestApp app =
        IngestApp.start(
            env,
            Map.of(
                "leadpipe.ingest.sources.secret-shop.write-key",
                validKey,
                "leadpipe.ingest.enrichment.trust-forwarded-for",
                true))) {
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
      List<String> lines;
      List<Integer> answers = new ArrayList<>();
      try (LogCapture logs =
          new LogCapture(
              Map.of(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.DEBUG, "io.leadpipe", Level.TRACE))) {
        IngestClient client = app.client();
        String identify =
            """
            {"userId": "u-%s", "anonymousId": "a-%s", "messageId": "m-%s-1",
             "traits": {"email": "%s", "firstName": "Ana"}, "context": {"ip": "%s"}}"""
                .formatted(run, run, run, email, ip);
        // Valid key, as Basic auth user name and as the beacon's query parameter
        answers.add(
            post(
                client,
                "/v1/identify",
                "Basic " + base64(validKey + ":"),
                identify,
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/track?writeKey=" + validKey,
                null,
                """
            {"anonymousId": "a-%s", "event": "Signed Up", "properties": {"email": "%s"}}"""
                    .formatted(run, email),
                forwardedIp,
                "text/plain"));
        // Invalid events carrying the email (400, dead-lettered), malformed JSON quoting it, a
        // mixed batch
        answers.add(
            post(
                client,
                "/v1/identify",
                "Basic " + base64(validKey + ":"),
                "{\"traits\": {\"email\": \"" + email + "\"}}",
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/track",
                "Basic " + base64(validKey + ":"),
                "{\"anonymousId\": \"" + email + "\", \"event\": ",
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/batch",
                "Basic " + base64(validKey + ":"),
                """
            {"batch": [{"type": "identify", "userId": "u-%s", "traits": {"email": "%s"}},
                       {"type": "identify", "traits": {"email": "%s", "age": "old"}}]}"""
                    .formatted(run, email, email),
                forwardedIp,
                "application/json"));
        // Unknown and malformed keys
        answers.add(
            post(
                client,
                "/v1/identify",
                "Basic " + base64(unknownKey + ":"),
                identify,
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/identify?writeKey=" + unknownKey,
                null,
                identify,
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/identify",
                "Basic !!" + malformedKey + "!!",
                identify,
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/identify",
                "Bearer " + malformedKey,
                identify,
                forwardedIp,
                "application/json"));
        answers.add(
            post(
                client,
                "/v1/identify",
                "Basic " + base64(malformedKey),
                identify,
                forwardedIp,
                "application/json"));
        lines = logs.lines();
      }

      assertThat(answers)
          .as("answers to: valid key x2, invalid events x3, unknown key x2, malformed key x3")
          .containsExactly(200, 200, 400, 400, 200, 401, 401, 401, 401, 401);
      List<String> secrets =
          List.of(
              validKey,
              unknownKey,
              malformedKey,
              base64(validKey + ":"),
              base64(unknownKey + ":"),
              base64(malformedKey),
              email,
              ip,
              forwardedIp);
      System.out.printf(
          "[logs] %d log lines captured during %d requests; searched for %d secret and personal "
              + "strings%n",
          lines.size(), answers.size(), secrets.size());
      assertThat(lines)
          .as("log lines captured (a capture that saw nothing proves nothing)")
          .isNotEmpty();
      for (String secret : secrets) {
        assertThat(lines)
            .as("log lines containing %s", secret)
            .noneMatch(line -> line.contains(secret));
      }
    }
  }

  private static int post(
      IngestClient client,
      String path,
      String authorization,
      String body,
      String forwardedFor,
      String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(client.uri(path))
            .header("Content-Type", contentType)
            .header("X-Forwarded-For", forwardedFor)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response = client.send(request.build());
    return response.statusCode();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
