package io.leadpipe.service.security;

import io.leadpipe.service.config.ConfigBindingException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A setting that holds secrets (admin keys, read tokens, write keys, the dashboard token), and the
 * rule every service applies to it at start-up:
 *
 * <ul>
 *   <li>Outside local mode it must be set, and none of its secrets may be one published with
 *       leadpipe (the demo keys of the README, docker-compose and the launcher) or shorter than
 *       {@link #MIN_LENGTH} characters; otherwise start-up fails naming the variable to set.
 *   <li>In local mode an unset setting falls back to its demo secret, if it has one.
 * </ul>
 *
 * Secrets may be given as {@code sha256:<hex>} digests (see {@link SecretDigest#ofConfigured}), so
 * plain secrets need not sit in files; a digest cannot be checked for length.
 *
 * @param property the configuration property, e.g. {@code leadpipe.security.admin-keys}
 * @param variable the environment variable operators set, e.g. {@code LEADPIPE_ADMIN_KEY}
 * @param localDemo the secret local mode falls back to, or null for none
 * @param required whether production needs it set; an optional one set is checked all the same
 */
public record SecretSetting(String property, String variable, String localDemo, boolean required) {

  /** A guessable secret is no secret; 16 characters is the least any key generator produces. */
  public static final int MIN_LENGTH = 16;

  /**
   * Published with leadpipe (README, docker-compose, launcher, docs): never valid in production.
   */
  static final List<String> DEMO_SECRETS =
      List.of(
          "dev-admin-key",
          "demo-write-key",
          "demo-server-write-key",
          "demo-read-token",
          "demo-personal-read-token",
          "change-me-dashboard-token",
          "demo-survey-signing-key",
          "change-me");

  /**
   * The admin keys of every service's admin API (scoring-stream's segments, merges and privacy; the
   * notifier's webhooks): one variable, so an operator sets one key for the whole pipeline.
   */
  public static final SecretSetting ADMIN_KEYS =
      new SecretSetting(
          "leadpipe.security.admin-keys", "LEADPIPE_ADMIN_KEY", "dev-admin-key", true);

  /**
   * The key survey links are sealed with: the notifier seals them into survey follow-ups, ingest
   * opens them on the survey page, so both need the same key.
   */
  public static final SecretSetting SURVEY_SIGNING_KEY =
      new SecretSetting(
          "leadpipe.survey.signing-key",
          "LEADPIPE_SURVEY_SIGNING_KEY",
          "demo-survey-signing-key",
          true);

  private static final Logger LOG = LoggerFactory.getLogger(SecretSetting.class);

  public SecretSetting {
    Objects.requireNonNull(property);
    Objects.requireNonNull(variable);
  }

  /**
   * The secrets to accept for this setting in {@code mode}: {@code configured} when allowed, the
   * demo secret for an unset setting in local mode.
   *
   * @throws ConfigBindingException outside local mode for an unset setting, a demo secret or a
   *     short one
   */
  public List<String> accepted(RunMode mode, Collection<String> configured) {
    List<String> secrets =
        configured == null
            ? List.of()
            : configured.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    if (mode.isLocal()) {
      if (secrets.isEmpty() && localDemo != null) {
        LOG.info("local mode: {} is not set; the documented demo secret is accepted", property);
        return List.of(localDemo);
      }
      return secrets;
    }
    if (secrets.isEmpty() && !required) {
      return secrets;
    }
    if (secrets.isEmpty()) {
      throw new ConfigBindingException(
          property,
          "not set. Outside local mode ("
              + RunMode.SETTING
              + "=production, the default) set "
              + variable
              + " to a secret of your own (at least "
              + MIN_LENGTH
              + " random characters, or its sha256:<hex> digest)");
    }
    List<SecretDigest> demo = DEMO_SECRETS.stream().map(SecretDigest::of).toList();
    for (String secret : secrets) {
      SecretDigest digest = SecretDigest.ofConfigured(property, secret);
      if (demo.stream().anyMatch(d -> d.sameAs(digest))) {
        throw new ConfigBindingException(
            property,
            "holds a demo secret published with leadpipe; outside local mode set "
                + variable
                + " to a secret of your own");
      }
      if (!SecretDigest.isDigest(secret) && secret.length() < MIN_LENGTH) {
        throw new ConfigBindingException(
            property,
            "a secret is shorter than "
                + MIN_LENGTH
                + " characters; set "
                + variable
                + " to a longer random secret");
      }
    }
    return secrets;
  }

  /** {@link #accepted} as a {@link KeyRing}. */
  public KeyRing ring(RunMode mode, Collection<String> configured) {
    return new KeyRing(property, accepted(mode, configured));
  }
}
