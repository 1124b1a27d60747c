package io.leadpipe.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the key bytes. The
 * prefix is optional when parsing (as in the specification's reference libraries); the key must be
 * between {@value #MIN_BYTES} and {@value #MAX_BYTES} bytes, the range the specification asks for.
 * {@code toString} never shows the key.
 */
public final class WebhookSecret {
  public static final String PREFIX = "whsec_";
  public static final int MIN_BYTES = 24;
  public static final int MAX_BYTES = 64;

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, never repeating the secret
   */
  public static WebhookSecret parse(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a webhook secret is required (whsec_<base64>)");
    }
    String encoded = secret.trim();
    if (encoded.startsWith(PREFIX)) {
      encoded = encoded.substring(PREFIX.length());
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a webhook secret must be whsec_ followed by standard base64", e);
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret must decode to "
              + MIN_BYTES
              + " to "
              + MAX_BYTES
              + " bytes, this one has "
              + key.length);
    }
    return new WebhookSecret(key);
  }

  /** A fresh random secret of {@code bytes} bytes. */
  public static WebhookSecret generate(SecureRandom random, int bytes) {
    byte[] key = new byte[bytes];
    random.nextBytes(key);
    return parse(Base64.getEncoder().encodeToString(key));
  }

  /** The {@code whsec_<base64>} form, to hand to a receiver. */
  public String encoded() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
