package io.leadpipe.scoring.faults;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.LeanJvm;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scoring-stream as production runs it: its own JVM from {@code target/classes} + {@code
 * target/runtime-classpath.txt} (written by the root build at package), so a kill is a real {@code
 * kill -9} with no shutdown hook, no final commit and no leave-group. Output goes to {@code
 * target/faults/<name>.log}.
 */
final class ScoringProcess implements AutoCloseable {

  /** Low enough that a killed member's partitions move quickly, at the broker's minimum. */
  static final int SESSION_TIMEOUT_MS = 6000;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final String name;
  private final int port;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ScoringProcess(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts an instance of {@code applicationId} keeping its state in {@code stateDir} (reused
   * across restarts).
   */
  static ScoringProcess start(
      KafkaTestEnvironment env, String name, String applicationId, Path stateDir) {
    // Only the scoring application is under test; hesitation detection has its own topology and
    // state.
    return start(
        env, name, applicationId, stateDir, Map.of("leadpipe.hesitations.enabled", "false"));
  }

  /**
   * As {@link #start(KafkaTestEnvironment, String, String, Path)}, with more system properties for
   * the service.
   */
  static ScoringProcess start(
      KafkaTestEnvironment env,
      String name,
      String applicationId,
      Path stateDir,
      Map<String, String> properties) {
    int port = freePort();
    Path classes = Path.of("target", "classes");
    Path classpathFile = Path.of("target", "runtime-classpath.txt");
    try {
      String classpath =
          classes.toAbsolutePath()
              + java.io.File.pathSeparator
              + Files.readString(classpathFile).trim();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(LeanJvm.withHeap("384m"));
      command.add("-cp");
      command.add(classpath);
      command.add("-Dmicronaut.server.port=" + port);
      command.add("-Dleadpipe.mode=local");
      command.add("-Dkafka.bootstrap.servers=" + env.bootstrapServers());
      command.add("-Dleadpipe.schema-registry.url=" + env.schemaRegistryUrl());
      command.add("-Dleadpipe.scoring.streams.application-id=" + applicationId);
      command.add("-Dleadpipe.scoring.streams.state-dir=" + stateDir.toAbsolutePath());
      command.add(
          "-Dleadpipe.scoring.streams.properties.main.consumer.session.timeout.ms="
              + SESSION_TIMEOUT_MS);
      properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("io.leadpipe.scoring.app.ScoringApplication");
      Path log = Path.of("target", "faults", name + ".log");
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ScoringProcess(name, port, process);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + name + " (did the build package scoring-stream?)", e);
    }
  }

  /** Waits until {@code /health/readiness} answers 200: the Streams application is RUNNING. */
  ScoringProcess awaitReady() {
    await(name + " ready on port " + port)
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    name
                        + " exited with "
                        + process.exitValue()
                        + ", see target/faults/"
                        + name
                        + ".log");
              }
              return isReady();
            });
    return this;
  }

  int readinessStatus() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Whether {@code /health/readiness} answers 200 now: the Streams application is RUNNING. */
  boolean isReady() {
    return readinessStatus() == 200;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9: nothing is flushed, committed or handed over. */
  void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM, the clean stop; closing a killed instance is harmless. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitForExit()) {
        kill();
      }
    }
  }

  private boolean waitForExit() {
    try {
      return process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
