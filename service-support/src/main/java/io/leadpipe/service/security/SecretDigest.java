package io.leadpipe.service.security;

import io.leadpipe.service.config.ConfigBindingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A secret (key, token, session value) held only as its SHA-256 digest. Digests are compared with
 * {@link MessageDigest#isEqual}, so the time a check takes shows neither the length of a presented
 * secret nor how much of it matches. Neither the secret nor its digest is ever printed.
 */
public final class SecretDigest {

  /** How a configured secret is given as its digest instead of in plain text. */
  public static final String DIGEST_PREFIX = "sha256:";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final byte[] digest;

  private SecretDigest(byte[] digest) {
    this.digest = digest;
  }

  /**
   * The digest of {@code secret} exactly as given; callers trim or strip first when their format
   * allows it.
   */
  public static SecretDigest of(String secret) {
    try {
      return new SecretDigest(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * A secret from configuration: {@code sha256:<64 hex digits>} is the digest itself (what {@code
   * printf %s "$SECRET" | sha256sum} prints), anything else the secret in plain text.
   *
   * @throws ConfigBindingException naming {@code property} when a digest is malformed
   */
  public static SecretDigest ofConfigured(String property, String configured) {
    if (!isDigest(configured)) {
      return of(configured);
    }
    String hex = configured.substring(DIGEST_PREFIX.length()).trim();
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new ConfigBindingException(
          property, "a sha256: digest must be 64 hexadecimal digits (sha256sum's output)");
    }
    return new SecretDigest(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
  }

  /** Whether a configured secret is given as its digest. */
  public static boolean isDigest(String configured) {
    return configured.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length());
  }

  /**
   * A key for one purpose (signing sessions, say) derived from this secret: HMAC-SHA256 keyed with
   * the digest over {@code purpose}. The same whether the secret was configured in plain text or as
   * its digest, and useless for anything else.
   */
  public byte[] derivedKey(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(digest, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Constant time: digest against digest, whatever was presented. */
  public boolean sameAs(SecretDigest presented) {
    return MessageDigest.isEqual(digest, presented.digest);
  }

  @Override
  public String toString() {
    return "SecretDigest[hidden]";
  }
}
