package io.leadpipe.schemas.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex: how every service writes an id (or email, handle) where the raw value
 * must not be kept — privacy records, suppression of erased ids. One implementation, so the hashes
 * match across services.
 */
public final class Hashes {

  /** One digest per thread: looking one up per call costs more than hashing a short id. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM has SHA-256", e);
            }
          });

  private Hashes() {}

  public static String sha256(String value) {
    // digest() resets the digest, so the thread's next call starts clean.
    return HexFormat.of().formatHex(SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8)));
  }
}
