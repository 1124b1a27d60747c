package io.leadpipe.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a service's Dockerfile runs that service as the build produces it: the Java release
 * we compile for, the jar and runtime dependencies {@code deploy/package-services} leaves in {@code
 * target/}, its real main class, its default port for EXPOSE and the readiness health check, and a
 * non-root user.
 */
final class DockerfileChecks {

  static final String DEPENDENCIES = "target/dependency/";
  private static final Pattern MAIN_CLASS =
      Pattern.compile("\"([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)*\\.[A-Z]\\w*)\"\\s*]\\s*$");

  private DockerfileChecks() {}

  static List<String> check(ServiceModule module, Dockerfile dockerfile, String javaRelease) {
    List<String> problems = new ArrayList<>();
    String where = module.name() + "/Dockerfile";
    String from = dockerfile.last("FROM").orElse("");
    if (!from.startsWith("eclipse-temurin:" + javaRelease + "-jre")) {
      problems.add(
          where
              + ": FROM "
              + from
              + ", the build targets Java "
              + javaRelease
              + " (eclipse-temurin:"
              + javaRelease
              + "-jre)");
    }
    List<String> copies = dockerfile.all("COPY");
    String jar = "target/" + module.name() + "-*.jar";
    for (String source : List.of(DEPENDENCIES, jar)) {
      if (copies.stream().noneMatch(c -> c.startsWith(source + " "))) {
        problems.add(
            where + ": does not COPY " + source + " (what deploy/package-services builds)");
      }
    }
    Optional<String> mainClass = dockerfile.last("ENTRYPOINT").flatMap(DockerfileChecks::mainClass);
    if (mainClass.isEmpty()) {
      problems.add(where + ": ENTRYPOINT names no main class as its last argument (exec form)");
    }
    mainClass
        .filter(c -> !module.hasMainClass(c))
        .ifPresent(
            c ->
                problems.add(
                    where
                        + ": ENTRYPOINT starts "
                        + c
                        + ", which is not a main class of "
                        + module.name()));
    int port = module.defaultHttpPort();
    if (dockerfile.all("EXPOSE").stream().noneMatch(e -> e.equals(String.valueOf(port)))) {
      problems.add(
          where + ": does not EXPOSE " + port + ", the default HTTP port of " + module.name());
    }
    String healthcheck = dockerfile.last("HEALTHCHECK").orElse("");
    if (!healthcheck.contains("localhost:" + port + "/health/readiness")) {
      problems.add(where + ": HEALTHCHECK does not ask localhost:" + port + "/health/readiness");
    }
    String user = dockerfile.last("USER").orElse("root");
    if (user.equals("root") || user.equals("0") || user.startsWith("0:")) {
      problems.add(where + ": runs as root (USER " + user + ")");
    }
    return problems;
  }

  private static Optional<String> mainClass(String entrypoint) {
    Matcher m = MAIN_CLASS.matcher(entrypoint.strip());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
