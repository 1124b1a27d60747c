package io.leadpipe.service.security;

import io.leadpipe.service.config.ConfigBindingException;
import java.util.Locale;

/**
 * Where a service runs. {@code production} (the default) refuses to start without its own secrets
 * and closes what local runs leave open; {@code local} is what {@code bin/run-local} and the tests
 * use: demo keys accepted, the query API and the dashboard answering this machine only.
 */
public enum RunMode {
  LOCAL,
  PRODUCTION;

  /** The setting ({@code LEADPIPE_MODE} in the environment). */
  public static final String SETTING = "leadpipe.mode";

  public static RunMode parse(String value) {
    if (value == null || value.isBlank()) {
      return PRODUCTION;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(
          SETTING, "'" + value + "' is not a mode; use 'production' (the default) or 'local'");
    }
  }

  public boolean isLocal() {
    return this == LOCAL;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
