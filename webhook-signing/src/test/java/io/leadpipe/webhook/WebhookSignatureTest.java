package io.leadpipe.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.webhook.WebhookVerifier.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private final WebhookSigner signer = new WebhookSigner("whsec_test", CLOCK);
  private final WebhookVerifier verifier =
      new WebhookVerifier("whsec_test", Duration.ofMinutes(5), CLOCK);

  @Test
  void headerIsTimestampAndHexHmacOfTimestampDotBody() {
    // Reference value computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256
    // -hmac whsec_test
    assertThat(signer.sign("{\"a\":1}", 1_700_000_000L))
        .isEqualTo(
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
  }

  @Test
  void aSignedBodyVerifies() {
    assertThat(verifier.verify("{\"a\":1}", signer.sign("{\"a\":1}"))).isEqualTo(Result.VALID);
  }

  @Test
  void aTamperedBodyOrWrongSecretIsRefused() {
    String header = signer.sign("{\"a\":1}");
    assertThat(verifier.verify("{\"a\":2}", header)).isEqualTo(Result.SIGNATURE_MISMATCH);
    assertThat(
            new WebhookVerifier("other", Duration.ofMinutes(5), CLOCK).verify("{\"a\":1}", header))
        .isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void anOldRequestIsRefusedAsAReplay() {
    String old = signer.sign("{}", NOW.minus(Duration.ofMinutes(6)).getEpochSecond());
    assertThat(verifier.verify("{}", old)).isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    String recent = signer.sign("{}", NOW.minus(Duration.ofMinutes(4)).getEpochSecond());
    assertThat(verifier.verify("{}", recent)).isEqualTo(Result.VALID);
  }

  @Test
  void anyOfSeveralSignaturesMayMatchDuringSecretRotation() {
    String header = signer.sign("{}");
    String rotated = header.replace("v1=", "v1=deadbeef,v1=");
    assertThat(verifier.verify("{}", rotated)).isEqualTo(Result.VALID);
  }

  @Test
  void malformedHeadersAreRefused() {
    assertThat(verifier.verify("{}", null)).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("{}", "v1=abc")).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("{}", "t=x,v1=abc")).isEqualTo(Result.MALFORMED_HEADER);
    assertThat(verifier.verify("{}", "garbage")).isEqualTo(Result.MALFORMED_HEADER);
  }
}
