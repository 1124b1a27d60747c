package io.leadpipe.service.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A set of secrets (admin keys, read tokens). A presented secret is compared as a {@link
 * SecretDigest} against every configured one without stopping early, so neither its length, a
 * matching prefix nor which key matched shows in the response time. Configured secrets are trimmed
 * and blank ones ignored; {@code sha256:<hex>} entries are digests ({@link
 * SecretDigest#ofConfigured}). Secrets are never logged or returned.
 */
public final class KeyRing {

  private final List<SecretDigest> digests;

  /**
   * @param property the setting the secrets come from, named when one is malformed
   */
  public KeyRing(String property, Collection<String> secrets) {
    this.digests =
        secrets.stream()
            .filter(Objects::nonNull)
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> SecretDigest.ofConfigured(property, s))
            .toList();
  }

  public boolean isEmpty() {
    return digests.isEmpty();
  }

  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    SecretDigest candidate = SecretDigest.of(presented);
    boolean match = false;
    for (SecretDigest known : digests) {
      match |= known.sameAs(candidate);
    }
    return match;
  }
}
