package io.leadpipe.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A set of secrets (admin keys, read tokens). A presented secret is compared as a SHA-256 digest with
 * {@link MessageDigest#isEqual} against every configured one without stopping early, so neither its length
 * nor a matching prefix shows in the response time. Secrets are never logged or returned.
 */
public final class KeyRing {

  private final List<byte[]> digests;

  public KeyRing(Collection<String> secrets) {
    this.digests = secrets.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty())
        .map(KeyRing::digest).toList();
  }

  public boolean isEmpty() {
    return digests.isEmpty();
  }

  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] candidate = digest(presented);
    boolean match = false;
    for (byte[] known : digests) {
      match |= MessageDigest.isEqual(candidate, known);
    }
    return match;
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
