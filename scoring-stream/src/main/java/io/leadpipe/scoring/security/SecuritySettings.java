package io.leadpipe.scoring.security;

import io.leadpipe.service.security.KeyRing;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code leadpipe.security.*} (the same keys as the other services).
 *
 * @param adminKeys keys accepted by the admin API; set them from the environment outside local runs
 * @param readTokens tokens accepted by the query API; empty means the query API is open (local
 *     mode)
 */
@ConfigurationProperties("leadpipe.security")
public record SecuritySettings(
    @Bindable(defaultValue = "") List<String> adminKeys,
    @Bindable(defaultValue = "") List<String> readTokens) {

  public KeyRing adminKeyRing() {
    return new KeyRing(adminKeys == null ? List.of() : adminKeys);
  }

  public KeyRing readTokenRing() {
    return new KeyRing(readTokens == null ? List.of() : readTokens);
  }

  /**
   * Counts only: Micronaut logs beans at DEBUG when it creates and destroys them, and keys must
   * never be logged.
   */
  @Override
  public String toString() {
    return "SecuritySettings[adminKeys="
        + (adminKeys == null ? 0 : adminKeys.size())
        + " configured, readTokens="
        + (readTokens == null ? 0 : readTokens.size())
        + " configured]";
  }
}
