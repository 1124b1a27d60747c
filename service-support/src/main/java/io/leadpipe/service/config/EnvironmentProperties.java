package io.leadpipe.service.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.conventions.StringConvention;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the properties under a prefix of a Micronaut {@link Environment} with a {@link
 * RecordBinder}.
 *
 * <p>Keys come as written (Micronaut's RAW convention keeps nested keys, map keys such as {@code
 * ADD_TO_CART} and list values): configuration files, {@code -D} system properties, command-line
 * and context properties are checked strictly. Environment variables are matched against the record
 * ({@code LEADPIPE_SCORING_FIT_GRADE_A} → {@code fit.grade-a}) and override files as in Micronaut;
 * one that matches no key is logged and skipped, not fatal: the environment is shared with other
 * programs (local-stack's own {@code LEADPIPE_SCORING_PORT}, say).
 */
public final class EnvironmentProperties {

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentProperties.class);

  private EnvironmentProperties() {}

  /**
   * {@code defaults} with the environment's {@code prefix.*} properties overlaid by {@code binder}.
   */
  public static <R extends Record> R bind(
      Environment environment, String prefix, RecordBinder<R> binder, R defaults) {
    Map<String, Object> properties = environment.getProperties(prefix, StringConvention.RAW);
    return binder.bind(
        prefix, properties, fromEnvironmentVariables(environment, prefix, binder), defaults);
  }

  /**
   * The environment variables that address {@code binder}'s keys under {@code prefix}, keys
   * relative to it.
   */
  static Map<String, Object> fromEnvironmentVariables(
      Environment environment, String prefix, RecordBinder<?> binder) {
    Map<String, Object> properties = new LinkedHashMap<>();
    String envPrefix = prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + "_";
    for (PropertySource source : environment.getPropertySources()) {
      if (!EnvironmentPropertySource.NAME.equals(source.getName())) {
        continue;
      }
      for (String name : source) {
        if (!name.startsWith(envPrefix)) {
          continue;
        }
        Optional<String> key = binder.keyOfEnvironmentVariable(name.substring(envPrefix.length()));
        if (key.isEmpty()) {
          LOG.info("environment variable {} is not a {} rule; ignored", name, prefix);
          continue;
        }
        properties.put(key.get(), source.get(name));
      }
    }
    return properties;
  }
}
