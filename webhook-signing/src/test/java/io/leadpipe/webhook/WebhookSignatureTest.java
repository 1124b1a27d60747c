package io.leadpipe.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.webhook.WebhookVerifier.Result;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookSecret secret = WebhookSecret.generate(RANDOM, 32);
  private final WebhookSigner signer = new WebhookSigner(secret, CLOCK);
  private final WebhookVerifier verifier = new WebhookVerifier(secret, TOLERANCE, CLOCK);

  @Test
  void theStandardWebhooksTestVectorIsReproduced() {
    // The specification's example, also checked with: printf 'msg_p5jXN8AQM9LWM0D4loKWxJek.
    // 1614265330.{"test": 2432232314}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> |
    // base64
    WebhookSecret spec = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    String body = "{\"test\": 2432232314}";
    assertThat(
            new WebhookSigner(spec, CLOCK)
                .signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330L, body))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    WebhookVerifier then =
        new WebhookVerifier(
            spec, TOLERANCE, Clock.fixed(Instant.ofEpochSecond(1_614_265_330L), ZoneOffset.UTC));
    assertThat(
            then.verify(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "1614265330",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                body))
        .isEqualTo(Result.VALID);
  }

  @Test
  void theThreeHeadersAreSentAndVerify() {
    Map<String, String> headers = signer.headers("h-1#1", "{\"a\":1}");
    assertThat(headers)
        .containsEntry("webhook-id", "h-1#1")
        .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()));
    assertThat(headers.get("webhook-signature")).startsWith("v1,");
    assertThat(verifier.verify(headers::get, "{\"a\":1}")).isEqualTo(Result.VALID);
  }

  @Test
  void aTamperedBodyIdOrWrongSecretIsRefused() {
    Map<String, String> h = signer.headers("h-1#1", "{\"a\":1}");
    String ts = h.get("webhook-timestamp");
    String sig = h.get("webhook-signature");
    assertThat(verifier.verify("h-1#1", ts, sig, "{\"a\":2}")).isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(verifier.verify("h-2#1", ts, sig, "{\"a\":1}")).isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(
            new WebhookVerifier(WebhookSecret.generate(RANDOM, 32), TOLERANCE, CLOCK)
                .verify(h::get, "{\"a\":1}"))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void anOldOrFutureTimestampIsRefusedAsAReplay() {
    long old = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
    long future = NOW.plus(Duration.ofMinutes(6)).getEpochSecond();
    long recent = NOW.minus(Duration.ofMinutes(4)).getEpochSecond();
    assertThat(verify(signer.headers("m", old, "{}"))).isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(verify(signer.headers("m", future, "{}")))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(verify(signer.headers("m", recent, "{}"))).isEqualTo(Result.VALID);
  }

  @Test
  void duringARotationBothSecretsSignAndAReceiverWithEitherVerifies() {
    WebhookSecret next = WebhookSecret.generate(RANDOM, 32);
    WebhookSigner rotating = new WebhookSigner(List.of(next, secret), CLOCK);
    Map<String, String> h = rotating.headers("h-1#1", "{}");

    assertThat(h.get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThat(verifier.verify(h::get, "{}"))
        .as("receiver still on the old secret")
        .isEqualTo(Result.VALID);
    assertThat(new WebhookVerifier(next, TOLERANCE, CLOCK).verify(h::get, "{}"))
        .as("receiver already on the new secret")
        .isEqualTo(Result.VALID);
    assertThat(
            new WebhookVerifier(List.of(next, secret), TOLERANCE, CLOCK)
                .verify(signer.headers("h-1#1", "{}")::get, "{}"))
        .as("receiver accepting both, sender still on the old one")
        .isEqualTo(Result.VALID);
  }

  @Test
  void missingOrMalformedHeadersAreRefused() {
    String ts = Long.toString(NOW.getEpochSecond());
    assertThat(verifier.verify(null, ts, "v1,AAAA", "{}")).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("m", null, "v1,AAAA", "{}")).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("m", "yesterday", "v1,AAAA", "{}"))
        .isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("m", ts, null, "{}")).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("m", ts, "v1a,AAAA", "{}"))
        .as("no v1 entry at all")
        .isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("m", ts, "v1,not base64!", "{}"))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void secretsAreWhsecBase64OfTwentyFourToSixtyFourBytes() {
    assertThat(WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").encoded())
        .as("the prefix is optional")
        .isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ="))
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_not-base64-at-all!"))
        .hasMessageContaining("base64")
        .hasMessageNotContaining("not-base64-at-all");
    assertThatThrownBy(() -> WebhookSecret.parse(" ")).hasMessageContaining("required");
    assertThat(WebhookSecret.generate(RANDOM, 32).toString()).doesNotContain("whsec_");
  }

  private Result verify(Map<String, String> headers) {
    return verifier.verify(headers::get, "{}");
  }
}
