package io.leadpipe.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rule (Standard Webhooks): every webhook carries {@code webhook-id} (the same on every retry),
 * {@code webhook-timestamp} (unix seconds of this attempt) and {@code webhook-signature}: {@code
 * v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, one per secret, separated by a
 * space. An endpoint configured with its current and previous secrets is signed with both while a
 * key rotation is under way, so a receiver holding either verifies.
 */
public final class WebhookSigner {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  static final String VERSION = "v1";
  private static final String HMAC = "HmacSHA256";

  private final List<WebhookSecret> secrets;
  private final Clock clock;

  /**
   * @param secrets the current secret first, then any previous ones still accepted by receivers
   */
  public WebhookSigner(List<WebhookSecret> secrets, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required");
    }
    this.secrets = List.copyOf(secrets);
    this.clock = clock;
  }

  public WebhookSigner(WebhookSecret secret, Clock clock) {
    this(List.of(secret), clock);
  }

  /** The three headers for {@code body} sent now as message {@code messageId}. */
  public Map<String, String> headers(String messageId, String body) {
    return headers(messageId, clock.instant().getEpochSecond(), body);
  }

  public Map<String, String> headers(String messageId, long unixSeconds, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID_HEADER, messageId);
    headers.put(TIMESTAMP_HEADER, Long.toString(unixSeconds));
    headers.put(SIGNATURE_HEADER, signature(messageId, unixSeconds, body));
    return headers;
  }

  /** The {@code webhook-signature} value: {@code v1,<base64>} per secret, space-separated. */
  public String signature(String messageId, long unixSeconds, String body) {
    String content = signedContent(messageId, Long.toString(unixSeconds), body);
    StringBuilder b = new StringBuilder();
    for (WebhookSecret secret : secrets) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(VERSION)
          .append(',')
          .append(Base64.getEncoder().encodeToString(hmac(secret.key(), content)));
    }
    return b.toString();
  }

  static String signedContent(String messageId, String timestamp, String body) {
    return messageId + "." + timestamp + "." + body;
  }

  static byte[] hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
