package io.leadpipe.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule: a webhook is genuine when one {@code v1} in its signature header equals HMAC-SHA256(secret,
 * t + "." + body) and {@code t} is within the tolerance of now (replay protection). This is what
 * receivers implement.
 */
public final class WebhookVerifier {

  /** Why a request was refused. */
  public enum Result {
    VALID,
    MALFORMED_HEADER,
    TIMESTAMP_OUT_OF_TOLERANCE,
    SIGNATURE_MISMATCH
  }

  private final byte[] secret;
  private final Duration tolerance;
  private final Clock clock;

  public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  public Result verify(String body, String header) {
    if (header == null || header.isBlank()) {
      return Result.MALFORMED_HEADER;
    }
    Long t = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        return Result.MALFORMED_HEADER;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return Result.MALFORMED_HEADER;
        }
      } else if (kv[0].equals("v1")) {
        signatures.add(kv[1]); // several v1 values are allowed while a secret is being rotated
      }
    }
    if (t == null || signatures.isEmpty()) {
      return Result.MALFORMED_HEADER;
    }
    if (Math.abs(clock.instant().getEpochSecond() - t) > tolerance.toSeconds()) {
      return Result.TIMESTAMP_OUT_OF_TOLERANCE;
    }
    byte[] expected =
        WebhookSigner.hmacHex(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatures) {
      // Constant-time comparison: no timing oracle on how many leading characters matched.
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
        return Result.VALID;
      }
    }
    return Result.SIGNATURE_MISMATCH;
  }
}
