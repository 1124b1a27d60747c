package io.leadpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A leadpipe Micronaut service as built in the repository: the configuration keys it knows (its
 * application.yml and the metadata its {@code @ConfigurationProperties} classes generate at compile
 * time), the environment variables its application.yml reads, its default HTTP port, and what its
 * sources refer to.
 */
record ServiceModule(
    String name, Path dir, String applicationYml, List<ConfigProperty> configProperties) {

  static final String APPLICATION_YML = "src/main/resources/application.yml";
  static final String OWN_ENVIRONMENT_YML = "src/main/resources/application-%s.yml";
  static final String CONFIG_METADATA =
      "target/classes/META-INF/spring-configuration-metadata.json";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}");
  private static final Pattern PLACEHOLDER_DEFAULT =
      Pattern.compile("\\$\\{[A-Za-z0-9_]+:([^}]*)}");
  private static final Pattern TOPIC_REFERENCE =
      Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");
  private static final Pattern METER_NAME = Pattern.compile("\"(leadpipe\\.[a-z0-9.\\-_]+)\"");

  /**
   * One key from the compile-time metadata; {@code *} stands for a name of an {@code @EachProperty}
   * entry.
   */
  record ConfigProperty(String name, String type) {
    boolean matches(String key) {
      if (type.startsWith("java.util.Map") && key.startsWith(name + ".")) {
        return true;
      }
      String[] pattern = name.split("\\.");
      String[] parts = key.split("\\.");
      if (pattern.length != parts.length) {
        return false;
      }
      for (int i = 0; i < pattern.length; i++) {
        if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
          return false;
        }
      }
      return true;
    }
  }

  static ServiceModule load(Path repositoryRoot, String module) {
    Path dir = repositoryRoot.resolve(module);
    Path yml = dir.resolve(APPLICATION_YML);
    if (!Files.isRegularFile(yml)) {
      // A module that also runs inside another service's JVM names its file after its own
      // environment, since
      // Micronaut reads only the first application.yml on the classpath (hesitation-stream).
      yml = dir.resolve(OWN_ENVIRONMENT_YML.formatted(module));
    }
    if (!Files.isRegularFile(yml)) {
      throw new IllegalStateException(
          module
              + " has neither "
              + APPLICATION_YML
              + " nor "
              + OWN_ENVIRONMENT_YML.formatted(module)
              + ": the checks need its configuration");
    }
    Path metadata = dir.resolve(CONFIG_METADATA);
    if (!Files.isRegularFile(metadata)) {
      throw new IllegalStateException(
          module
              + " has no "
              + CONFIG_METADATA
              + ": build it in the reactor first "
              + "(mvn -pl deployment-checks -am verify); Micronaut's annotation processor writes it");
    }
    return new ServiceModule(module, dir, Repository.read(yml), readMetadata(metadata));
  }

  private static List<ConfigProperty> readMetadata(Path file) {
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      List<ConfigProperty> properties = new ArrayList<>();
      for (JsonNode p : root.path("properties")) {
        properties.add(new ConfigProperty(p.path("name").asText(), p.path("type").asText("")));
      }
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** application.yml flattened to dotted keys (lists are leaves). */
  Map<String, Object> yamlProperties() {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", Yamls.parseMap(applicationYml), flat);
    return flat;
  }

  private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> into) {
    map.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?>) {
            flatten(path, Yamls.asMap(value, path), into);
          } else {
            into.put(path, value);
          }
        });
  }

  /**
   * Whether the service reads this key (application.yml, or a {@code @ConfigurationProperties}
   * class).
   */
  boolean knowsProperty(String key) {
    String wanted = key.toLowerCase(Locale.ROOT);
    return yamlProperties().keySet().stream()
            .anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(wanted))
        || configProperties.stream().anyMatch(p -> p.matches(wanted));
  }

  /** Environment variables application.yml reads as {@code ${NAME:default}}. */
  Set<String> placeholderVariables() {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(applicationYml);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The value a key has when nothing overrides it: a placeholder's default, or the literal value.
   */
  Optional<String> defaultValue(String key) {
    Object value = yamlProperties().get(key);
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = PLACEHOLDER_DEFAULT.matcher(String.valueOf(value));
    return Optional.of(m.matches() ? m.group(1) : String.valueOf(value));
  }

  int defaultHttpPort() {
    return defaultValue("micronaut.server.port")
        .map(Integer::parseInt)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name + "'s application.yml sets no micronaut.server.port"));
  }

  /** Whether {@code className} is a class of this module with a main method. */
  boolean hasMainClass(String className) {
    Path source = dir.resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
    return Files.isRegularFile(source) && Repository.read(source).contains("static void main(");
  }

  /** The catalogue topics this module's main sources refer to ({@code Topics.WEB_EVENTS}, ...). */
  Set<Topic<?>> referencedTopics() {
    Set<Topic<?>> topics = new LinkedHashSet<>();
    for (String source : mainSources()) {
      Matcher m = TOPIC_REFERENCE.matcher(source);
      while (m.find()) {
        topicField(m.group(1)).ifPresent(topics::add);
      }
    }
    return topics;
  }

  /**
   * Micrometer meter names written as literals in the main sources ({@code
   * "leadpipe.ingest.events.accepted"}).
   */
  Set<String> meterNames() {
    Set<String> names = new TreeSet<>();
    for (String source : mainSources()) {
      Matcher m = METER_NAME.matcher(source);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static Optional<Topic<?>> topicField(String field) {
    try {
      Object value = Topics.class.getField(field).get(null);
      return value instanceof Topic<?> topic ? Optional.of(topic) : Optional.empty();
    } catch (NoSuchFieldException e) {
      return Optional.empty();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> mainSources() {
    Path sources = dir.resolve("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java")).map(Repository::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + sources, e);
    }
  }
}
