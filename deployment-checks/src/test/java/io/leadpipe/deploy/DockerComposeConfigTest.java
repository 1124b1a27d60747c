package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose's own validation of the root docker-compose.yml (schema, references, build
 * contexts).
 */
class DockerComposeConfigTest {

  /** What deploy/generate-secrets writes into .env; compose refuses to run without each. */
  static final Map<String, String> SECRETS =
      ComposeSecrets.VARIABLES.stream()
          .collect(Collectors.toMap(name -> name, name -> "test-secret-" + name.toLowerCase()));

  @Test
  void composeFilePassesDockerComposeConfig() throws IOException {
    DockerCompose compose = DockerCompose.require();

    DockerCompose.Result result =
        compose.validate(Repository.path(Repository.COMPOSE_FILE), projectDirectory(), SECRETS);

    assertThat(result.exitCode())
        .as("docker-compose config -q said:%n%s", result.output())
        .isZero();
  }

  @Test
  void composeStopsNamingEachSecretThatIsNotSet() throws IOException {
    DockerCompose compose = DockerCompose.require();
    for (String missing : SECRETS.keySet()) {
      Map<String, String> others = new HashMap<>(SECRETS);
      others.remove(missing);

      DockerCompose.Result result =
          compose.validate(Repository.path(Repository.COMPOSE_FILE), projectDirectory(), others);

      assertThat(result.exitCode()).as(missing).isNotZero();
      assertThat(result.output()).as(missing).contains(missing);
    }
  }

  @Test
  void configRejectsAnOptionComposeDoesNotKnow(@TempDir Path dir) throws IOException {
    DockerCompose compose = DockerCompose.require();
    String broken =
        Repository.read(Repository.COMPOSE_FILE)
            .replaceFirst(
                "\n  ingest-service-1:\n", "\n  ingest-service-1:\n    restart_policy: always\n");

    DockerCompose.Result result = compose.validate(write(dir, broken), projectDirectory(), SECRETS);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("restart_policy");
  }

  @Test
  void configRejectsABuildContextThatDoesNotExist(@TempDir Path dir) throws IOException {
    DockerCompose compose = DockerCompose.require();
    String broken =
        Repository.read(Repository.COMPOSE_FILE)
            .replace("context: ./notifier-service", "context: ./notifier");

    DockerCompose.Result result = compose.validate(write(dir, broken), projectDirectory(), SECRETS);

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
