package io.leadpipe.scoring.security;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.KeyRing;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.security.SecretSetting;
import io.micronaut.context.annotation.Context;

/**
 * Who may call scoring-stream's HTTP APIs, checked when the service starts (a {@link Context} bean)
 * so a production instance without its own secrets never comes up.
 *
 * <ul>
 *   <li>Admin API: an admin key; local mode falls back to the documented demo key.
 *   <li>Query API: outside local mode a read token (no personal data in answers) or a personal-data
 *       token; in local mode without tokens it answers this machine only, in full.
 * </ul>
 */
@Context
public class ScoringAccess {

  public static final SecretSetting READ_TOKENS =
      new SecretSetting("leadpipe.security.read-tokens", "LEADPIPE_READ_TOKENS", null, false);

  public static final SecretSetting PERSONAL_DATA_TOKENS =
      new SecretSetting(
          "leadpipe.security.personal-data-tokens", "LEADPIPE_PERSONAL_DATA_TOKENS", null, false);

  private final RunMode mode;
  private final KeyRing adminKeys;
  private final KeyRing readTokens;
  private final KeyRing personalDataTokens;

  public ScoringAccess(RunMode mode, SecuritySettings settings) {
    this.mode = mode;
    this.adminKeys = SecretSetting.ADMIN_KEYS.ring(mode, settings.adminKeys());
    this.readTokens = READ_TOKENS.ring(mode, settings.readTokens());
    this.personalDataTokens = PERSONAL_DATA_TOKENS.ring(mode, settings.personalDataTokens());
    if (!mode.isLocal() && readTokens.isEmpty() && personalDataTokens.isEmpty()) {
      throw new ConfigBindingException(
          READ_TOKENS.property(),
          "not set. Outside local mode the query API needs tokens: set "
              + READ_TOKENS.variable()
              + " (answers without personal data) and/or "
              + PERSONAL_DATA_TOKENS.variable());
    }
  }

  public RunMode mode() {
    return mode;
  }

  public KeyRing adminKeys() {
    return adminKeys;
  }

  public KeyRing readTokens() {
    return readTokens;
  }

  public KeyRing personalDataTokens() {
    return personalDataTokens;
  }
}
