package io.leadpipe.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML as plain maps and lists (merge keys resolved), and typed access with a clear error on a
 * wrong shape.
 */
final class Yamls {

  private Yamls() {}

  static Map<String, Object> parseMap(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return asMap(root, "document");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String where) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(where + " should be a mapping, is " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new IllegalArgumentException(where + " should be a list, is " + value);
    }
    return (List<Object>) value;
  }

  /** The value at a dotted path of mapping keys (keys themselves may not contain dots). */
  static Optional<Object> at(Map<String, Object> root, String... keys) {
    Object current = root;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
        return Optional.empty();
      }
      current = map.get(key);
    }
    return Optional.ofNullable(current);
  }

  static Optional<String> text(Map<String, Object> root, String... keys) {
    return at(root, keys).map(String::valueOf);
  }
}
