package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.MergeRule;
import java.util.Locale;

/**
 * A trait value that identifies a person across devices, as the identity graph keeps it: the value
 * hashed (never the raw email or handle), with the rule it links by and whether a guardrail blocks
 * it.
 *
 * @param key {@code email:<sha256>} or {@code handle:<network>:<sha256>}
 * @param rule EMAIL or SOCIAL_HANDLE
 * @param blocked a placeholder or shared value: recorded as a refusal, never linked on
 */
public record MatchKey(String key, MergeRule rule, boolean blocked) {

  /** The email's key (trimmed, lower case before hashing), or null when there is no email. */
  public static MatchKey email(String email, IdentityRules rules) {
    if (email == null || email.isBlank()) {
      return null;
    }
    String normalised = email.trim().toLowerCase(Locale.ROOT);
    return new MatchKey(
        "email:" + Hashing.sha256(normalised), MergeRule.EMAIL, rules.blockedEmail(normalised));
  }

  /**
   * The social handle's key (without a leading @, lower case before hashing), or null when there is
   * none.
   */
  public static MatchKey handle(String network, String handle, IdentityRules rules) {
    if (network == null || handle == null || handle.isBlank()) {
      return null;
    }
    String normalised = handle.trim().toLowerCase(Locale.ROOT);
    if (normalised.startsWith("@")) {
      normalised = normalised.substring(1);
    }
    return new MatchKey(
        "handle:" + network.trim().toLowerCase(Locale.ROOT) + ":" + Hashing.sha256(normalised),
        MergeRule.SOCIAL_HANDLE,
        rules.blockedHandle(normalised));
  }
}
