package io.leadpipe.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret (key, token, session value) held only as its SHA-256 digest. Digests are compared with
 * {@link MessageDigest#isEqual}, so the time a check takes shows neither the length of a presented
 * secret nor how much of it matches. Neither the secret nor its digest is ever printed.
 */
public final class SecretDigest {

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

  /** Constant time: digest against digest, whatever was presented. */
  public boolean sameAs(SecretDigest presented) {
    return MessageDigest.isEqual(digest, presented.digest);
  }

  @Override
  public String toString() {
    return "SecretDigest[hidden]";
  }
}
