package io.leadpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's deployment files and the services they deploy, as the tests read them. */
final class Deployment {

  /** The services the compose file runs from their own Dockerfiles. */
  static final List<String> SERVICE_MODULES =
      List.of("ingest-service", "scoring-stream", "hesitation-stream", "notifier-service");

  private Deployment() {}

  static ComposeFile compose() {
    return ComposeFile.parse(Repository.read(Repository.COMPOSE_FILE));
  }

  static List<ServiceModule> services() {
    return SERVICE_MODULES.stream().map(m -> ServiceModule.load(Repository.root(), m)).toList();
  }

  static Dockerfile dockerfile(String module) {
    return Dockerfile.parse(Repository.read(module + "/Dockerfile"));
  }

  static Map<String, Object> yaml(String relative) {
    return Yamls.parseMap(Repository.read(relative));
  }

  static JsonNode json(String relative) {
    try {
      return new ObjectMapper().readTree(Repository.read(relative));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("Cannot parse " + relative, e);
    }
  }

  /**
   * A property of the root pom, e.g. {@code kafka.version}: the versions the build and tests use.
   */
  static String rootPomProperty(String name) {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(Repository.read(Repository.ROOT_POM));
    if (!m.find()) {
      throw new IllegalStateException("The root pom has no <" + name + ">");
    }
    return m.group(1).trim();
  }
}
