package io.leadpipe.localstack.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The services the local stack runs, in start order (stopped in reverse): each is a Maven module
 * with a main class, started as its own JVM from what the build left in the module's {@code
 * target/}.
 */
public enum LeadpipeService {
  INGEST("ingest", "ingest-service", "io.leadpipe.ingest.IngestApplication"),
  SCORING("scoring", "scoring-stream", "io.leadpipe.scoring.app.ScoringApplication"),
  NOTIFIER("notifier", "notifier-service", "io.leadpipe.notifier.NotifierApplication");

  /** Written at {@code package} by the root pom: the module's runtime dependencies. */
  public static final String CLASSPATH_FILE = "runtime-classpath.txt";

  private final String shortName;
  private final String module;
  private final String mainClass;

  LeadpipeService(String shortName, String module, String mainClass) {
    this.shortName = shortName;
    this.module = module;
    this.mainClass = mainClass;
  }

  public String shortName() {
    return shortName;
  }

  public String module() {
    return module;
  }

  public String mainClass() {
    return mainClass;
  }

  /** By short name ({@code ingest}) or module name ({@code ingest-service}), any case. */
  public static Optional<LeadpipeService> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(s -> s.shortName.equals(n) || s.module.equals(n))
        .findFirst();
  }

  public Path classesDir(Path repoRoot) {
    return repoRoot.resolve(module).resolve("target").resolve("classes");
  }

  public Path classpathFile(Path repoRoot) {
    return repoRoot.resolve(module).resolve("target").resolve(CLASSPATH_FILE);
  }

  /** Why this service cannot be started from {@code repoRoot}, or empty when its build is there. */
  public Optional<String> missingBuild(Path repoRoot) {
    Path mainClassFile = classesDir(repoRoot).resolve(mainClass.replace('.', '/') + ".class");
    if (!Files.exists(mainClassFile)) {
      return Optional.of(
          module
              + " has no "
              + mainClass
              + " ("
              + mainClassFile
              + " is missing): the service is not"
              + " built, or does not exist in this revision. Build with: mvn -DskipTests package");
    }
    if (!Files.exists(classpathFile(repoRoot))) {
      return Optional.of(
          module
              + " is not packaged ("
              + classpathFile(repoRoot)
              + " is missing)."
              + " Build with: mvn -DskipTests package");
    }
    return Optional.empty();
  }
}
