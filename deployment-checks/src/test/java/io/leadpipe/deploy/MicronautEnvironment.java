package io.leadpipe.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How Micronaut reads an environment variable as configuration: lower-cased, each {@code _}
 * standing for either {@code .} or {@code -}, every combination tried ({@code
 * LEADPIPE_SCHEMA_REGISTRY_URL} is, among others, {@code leadpipe.schema-registry.url}).
 */
final class MicronautEnvironment {

  /**
   * Beyond this many separators Micronaut's combinations (2^n) are not worth enumerating; no key of
   * ours is near.
   */
  private static final int MAX_SEPARATORS = 16;

  private MicronautEnvironment() {}

  static Set<String> propertyNames(String environmentVariable) {
    String[] parts = environmentVariable.toLowerCase(Locale.ROOT).split("_");
    int separators = parts.length - 1;
    if (separators > MAX_SEPARATORS) {
      throw new IllegalArgumentException("Too many parts in " + environmentVariable);
    }
    Set<String> names = new LinkedHashSet<>();
    for (int mask = 0; mask < (1 << separators); mask++) {
      StringBuilder name = new StringBuilder(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        name.append((mask & (1 << (i - 1))) == 0 ? '.' : '-').append(parts[i]);
      }
      names.add(name.toString());
    }
    return names;
  }

  /**
   * Whether the variable sets {@code property} (a kebab-case key such as {@code
   * leadpipe.scoring.streams.state-dir}).
   */
  static boolean sets(String environmentVariable, String property) {
    return propertyNames(environmentVariable).contains(property.toLowerCase(Locale.ROOT));
  }
}
