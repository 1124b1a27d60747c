package io.leadpipe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the checks read; Surefire passes its root as {@value #ROOT_PROPERTY}. */
final class Repository {

  static final String ROOT_PROPERTY = "leadpipe.repository.root";
  static final String COMPOSE_FILE = "docker-compose.yml";
  static final String TOPIC_SCRIPT = "deploy/kafka/create-topics.sh";
  static final String PROMETHEUS_CONFIG = "deploy/prometheus/prometheus.yml";
  static final String GRAFANA_DATASOURCES =
      "deploy/grafana/provisioning/datasources/prometheus.yml";
  static final String GRAFANA_DASHBOARD = "deploy/grafana/dashboards/leadpipe.json";
  static final String ASYNCAPI = "docs/asyncapi.yaml";
  static final String ROOT_POM = "pom.xml";
  static final String TEST_CONTAINERS =
      "devkit/src/main/java/io/leadpipe/devkit/test/TestcontainersKafkaTestEnvironment.java";

  private Repository() {}

  static Path root() {
    String root = System.getProperty(ROOT_PROPERTY);
    if (root == null) {
      throw new IllegalStateException(
          "-D" + ROOT_PROPERTY + " is not set (the module's Surefire configuration sets it)");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    return read(path(relative));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
