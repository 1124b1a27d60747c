package io.leadpipe.webhook;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rule (Standard Webhooks): a webhook is genuine when {@code webhook-timestamp} is within the
 * tolerance of now (replay protection) and one {@code v1} entry of {@code webhook-signature} equals
 * HMAC-SHA256(key, id + "." + timestamp + "." + body) for one of the receiver's secrets (several
 * while a key is rotated). This is what receivers implement.
 */
public final class WebhookVerifier {

  /** Why a request was refused. */
  public enum Result {
    VALID,
    /** A header is missing, the timestamp is not a number, or no {@code v1} signature is given. */
    MALFORMED_HEADER,
    TIMESTAMP_OUT_OF_TOLERANCE,
    SIGNATURE_MISMATCH
  }

  private final List<WebhookSecret> secrets;
  private final Duration tolerance;
  private final Clock clock;

  public WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required");
    }
    this.secrets = List.copyOf(secrets);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  public WebhookVerifier(WebhookSecret secret, Duration tolerance, Clock clock) {
    this(List.of(secret), tolerance, clock);
  }

  /**
   * @param header the request's header by (lower-case) name, null when absent
   */
  public Result verify(UnaryOperator<String> header, String body) {
    return verify(
        header.apply(WebhookSigner.ID_HEADER),
        header.apply(WebhookSigner.TIMESTAMP_HEADER),
        header.apply(WebhookSigner.SIGNATURE_HEADER),
        body);
  }

  public Result verify(String id, String timestamp, String signatures, String body) {
    if (id == null || id.isBlank() || timestamp == null || signatures == null) {
      return Result.MALFORMED_HEADER;
    }
    long t;
    try {
      t = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Result.MALFORMED_HEADER;
    }
    boolean anyV1 = false;
    byte[][] expected = null;
    for (String entry : signatures.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals(WebhookSigner.VERSION)) {
        continue; // other versions (e.g. asymmetric v1a) are not ours to check
      }
      anyV1 = true;
      if (Math.abs(clock.instant().getEpochSecond() - t) > tolerance.toSeconds()) {
        return Result.TIMESTAMP_OUT_OF_TOLERANCE;
      }
      byte[] candidate;
      try {
        candidate = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (expected == null) {
        expected = expected(id, timestamp.trim(), body);
      }
      for (byte[] e : expected) {
        // Constant-time comparison: no timing oracle on how many leading bytes matched.
        if (MessageDigest.isEqual(e, candidate)) {
          return Result.VALID;
        }
      }
    }
    return anyV1 ? Result.SIGNATURE_MISMATCH : Result.MALFORMED_HEADER;
  }

  private byte[][] expected(String id, String timestamp, String body) {
    String content = WebhookSigner.signedContent(id, timestamp, body);
    byte[][] out = new byte[secrets.size()][];
    for (int i = 0; i < secrets.size(); i++) {
      out[i] = WebhookSigner.hmac(secrets.get(i).key(), content);
    }
    return out;
  }
}
