package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs docker-compose's own validation ({@code config -q}): the Debian package {@code
 * docker-compose} (what bin/install-prerequisites installs), or the {@code docker compose} plugin.
 * No Docker engine is needed for it.
 */
final class DockerCompose {

  static final String ALLOW_MISSING_PROPERTY = "leadpipe.tests.allow-missing-docker-compose";
  private static final long TIMEOUT_SECONDS = 120;

  record Result(int exitCode, String output) {}

  private final List<String> command;

  private DockerCompose(List<String> command) {
    this.command = command;
  }

  /**
   * The installed docker-compose; fails the test when there is none, unless skipping is explicitly
   * allowed.
   */
  static DockerCompose require() {
    Optional<DockerCompose> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        "docker-compose is not installed (bin/install-prerequisites installs the Debian package "
            + "docker-compose), so the compose file cannot be validated";
    if (Boolean.getBoolean(ALLOW_MISSING_PROPERTY)) {
      Assumptions.abort(message + "; skipped because -D" + ALLOW_MISSING_PROPERTY + "=true");
    }
    return fail(
        message
            + ". To skip this check on a machine without it: -D"
            + ALLOW_MISSING_PROPERTY
            + "=true");
  }

  private static Optional<DockerCompose> find() {
    for (List<String> candidate :
        List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        if (run(version, Path.of(".")).exitCode() == 0) {
          return Optional.of(new DockerCompose(candidate));
        }
      } catch (IOException e) {
        // not on the PATH: try the next form
      }
    }
    return Optional.empty();
  }

  /**
   * {@code config -q} on a compose file; relative paths in it resolve against {@code
   * projectDirectory}.
   */
  Result validate(Path composeFile, Path projectDirectory) throws IOException {
    return validate(composeFile, projectDirectory, Map.of());
  }

  /** {@link #validate(Path, Path)} with {@code environment} added to this process's variables. */
  Result validate(Path composeFile, Path projectDirectory, Map<String, String> environment)
      throws IOException {
    List<String> args = new ArrayList<>(command);
    args.addAll(
        List.of(
            "-f",
            composeFile.toString(),
            "--project-directory",
            projectDirectory.toString(),
            "config",
            "-q"));
    return run(args, projectDirectory, environment);
  }

  private static Result run(List<String> args, Path workingDirectory) throws IOException {
    return run(args, workingDirectory, Map.of());
  }

  private static Result run(
      List<String> args, Path workingDirectory, Map<String, String> environment)
      throws IOException {
    // Output goes to a file, so a chatty command can never block on a full pipe while we wait for
    // it.
    Path output = Files.createTempFile("docker-compose", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(args)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running " + String.join(" ", args), e);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
