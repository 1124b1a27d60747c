package io.leadpipe.scoring.identity;

import java.util.Locale;
import java.util.Set;

/**
 * Guardrails against over-merging, as Segment's identity resolution rules have them: at most {@code
 * maxIdsPerProfile} ids in one person; values shared by many people or typed as placeholders never
 * link anyone (an exact blocked value, or an email whose local part or domain is a placeholder's).
 *
 * @param maxIdsPerProfile a merge that would make a person of more ids is refused (max-ids)
 * @param blockedValues emails and social handles that never link (compared lower case)
 * @param blockedEmailLocalParts the part before the @ of emails that never link (noreply, test,
 *     ...)
 * @param blockedEmailDomains domains of emails that never link (example.com, ...)
 */
public record IdentityRules(
    int maxIdsPerProfile,
    Set<String> blockedValues,
    Set<String> blockedEmailLocalParts,
    Set<String> blockedEmailDomains) {

  public IdentityRules {
    if (maxIdsPerProfile < 2) {
      throw new IllegalArgumentException("maxIdsPerProfile must be >= 2 for any merge to happen");
    }
    blockedValues = lower(blockedValues);
    blockedEmailLocalParts = lower(blockedEmailLocalParts);
    blockedEmailDomains = lower(blockedEmailDomains);
  }

  public static IdentityRules defaults() {
    return new IdentityRules(
        20,
        Set.of(
            "test@test.com",
            "test@example.com",
            "user@example.com",
            "email@example.com",
            "a@a.com",
            "admin",
            "test",
            "user",
            "null",
            "undefined",
            "none",
            "unknown",
            "n/a"),
        Set.of(
            "noreply", "no-reply", "donotreply", "do-not-reply", "test", "null", "none", "unknown"),
        Set.of("example.com", "example.org", "example.net", "test.com", "localhost", "invalid"));
  }

  /** Whether an email is a placeholder or shared address that must never link two visitors. */
  public boolean blockedEmail(String normalisedEmail) {
    if (blockedValues.contains(normalisedEmail)) {
      return true;
    }
    int at = normalisedEmail.lastIndexOf('@');
    if (at <= 0 || at == normalisedEmail.length() - 1) {
      return true;
    }
    return blockedEmailLocalParts.contains(normalisedEmail.substring(0, at))
        || blockedEmailDomains.contains(normalisedEmail.substring(at + 1));
  }

  public boolean blockedHandle(String normalisedHandle) {
    return normalisedHandle.isEmpty() || blockedValues.contains(normalisedHandle);
  }

  private static Set<String> lower(Set<String> values) {
    return values == null
        ? Set.of()
        : values.stream()
            .map(v -> v.trim().toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
