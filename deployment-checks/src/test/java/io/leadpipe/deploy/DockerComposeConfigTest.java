package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose's own validation of the root docker-compose.yml (schema, references, build
 * contexts).
 */
class DockerComposeConfigTest {

  @Test
  void composeFilePassesDockerComposeConfig() throws IOException {
    DockerCompose compose = DockerCompose.require();

    DockerCompose.Result result =
        compose.validate(Repository.path(Repository.COMPOSE_FILE), projectDirectory());

    assertThat(result.exitCode())
        .as("docker-compose config -q said:%n%s", result.output())
        .isZero();
  }

  @Test
  void configRejectsAnOptionComposeDoesNotKnow(@TempDir Path dir) throws IOException {
    DockerCompose compose = DockerCompose.require();
    String broken =
        Repository.read(Repository.COMPOSE_FILE)
            .replaceFirst(
                "\n  ingest-service:\n", "\n  ingest-service:\n    restart_policy: always\n");

    DockerCompose.Result result = compose.validate(write(dir, broken), projectDirectory());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("restart_policy");
  }

  @Test
  void configRejectsABuildContextThatDoesNotExist(@TempDir Path dir) throws IOException {
    DockerCompose compose = DockerCompose.require();
    String broken =
        Repository.read(Repository.COMPOSE_FILE)
            .replace("context: ./notifier-service", "context: ./notifier");

    DockerCompose.Result result = compose.validate(write(dir, broken), projectDirectory());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("notifier");
  }

  /**
   * Relative paths in the file (build contexts, mounted configuration) resolve against the
   * repository root.
   */
  private static Path projectDirectory() {
    return Repository.root();
  }

  private static Path write(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("docker-compose.yml");
    Files.writeString(file, yaml);
    return file;
  }
}
