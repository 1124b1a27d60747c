package io.leadpipe.scoring.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code leadpipe.security.*} (the same keys as the other services); {@link ScoringAccess} applies
 * the run mode's rules to them.
 *
 * @param adminKeys keys accepted by the admin API ({@code LEADPIPE_ADMIN_KEY})
 * @param readTokens tokens accepted by the query API, which then answers without personal data
 *     ({@code LEADPIPE_READ_TOKENS})
 * @param personalDataTokens tokens accepted by the query API that also see personal data: names,
 *     birth year, city, social handles, user id ({@code LEADPIPE_PERSONAL_DATA_TOKENS})
 */
@ConfigurationProperties("leadpipe.security")
public record SecuritySettings(
    @Bindable(defaultValue = "") List<String> adminKeys,
    @Bindable(defaultValue = "") List<String> readTokens,
    @Bindable(defaultValue = "") List<String> personalDataTokens) {

  /**
   * Counts only: Micronaut logs beans at DEBUG when it creates and destroys them, and keys must
   * never be logged.
   */
  @Override
  public String toString() {
    return "SecuritySettings[adminKeys="
        + count(adminKeys)
        + " configured, readTokens="
        + count(readTokens)
        + " configured, personalDataTokens="
        + count(personalDataTokens)
        + " configured]";
  }

  private static int count(List<String> secrets) {
    return secrets == null ? 0 : secrets.size();
  }
}
