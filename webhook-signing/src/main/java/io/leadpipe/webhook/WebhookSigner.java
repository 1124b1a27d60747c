package io.leadpipe.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rule: every webhook carries {@code Leadpipe-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}; signing the timestamp with the body lets receivers reject
 * replays of an old, validly signed request.
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "Leadpipe-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final byte[] secret;
  private final Clock clock;

  public WebhookSigner(String secret, Clock clock) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** The header value for {@code body} signed now. */
  public String sign(String body) {
    return sign(body, clock.instant().getEpochSecond());
  }

  public String sign(String body, long unixSeconds) {
    return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
  }

  static String hmacHex(byte[] key, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
