package io.leadpipe.devkit.stack;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The dev stack (a KRaft broker and the dev schema registry, {@link DevStackMain}) in a child JVM,
 * so a test can kill it with SIGKILL, as a crashed broker host would be, and start it again on the
 * same ports and data directory. The in-process broker of the test environment can only be stopped
 * cleanly.
 */
public final class DevStackProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final String READY_LINE = "leadpipe dev stack up";
  private static final String HEAP = "-Xmx512m";

  private final DevStack.Settings settings;
  private final Path log;
  private Process process;

  private DevStackProcess(DevStack.Settings settings, Path log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * Starts a stack on free ports with its data under {@code dir} (its output goes to {@code
   * dir/dev-stack.log}) and waits until it is up.
   */
  public static DevStackProcess start(Path dir) {
    DevStack.Settings settings =
        new DevStack.Settings(freePort(), freePort(), freePort(), dir.resolve("kafka"));
    DevStackProcess stack = new DevStackProcess(settings, dir.resolve("dev-stack.log"));
    stack.start();
    return stack;
  }

  /** Starts the stack again on the same ports and data; waits until it is up. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the dev stack is running");
    }
    long readyBefore = readyLines();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            HEAP,
            "-cp",
            System.getProperty("java.class.path"),
            DevStackMain.class.getName(),
            "--kafka-port",
            String.valueOf(settings.kafkaPort()),
            "--controller-port",
            String.valueOf(settings.controllerPort()),
            "--registry-port",
            String.valueOf(settings.registryPort()),
            "--data-dir",
            settings.dataDir().toAbsolutePath().toString());
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // Environment settings of DevStackMain must not override the flags.
      builder.environment().keySet().removeIf(name -> name.startsWith("LEADPIPE_"));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process started = process;
    await("dev stack up (log: " + log + ")")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    "the dev stack exited with " + started.exitValue() + "; see " + log);
              }
              return readyLines() > readyBefore;
            });
  }

  /** SIGKILL: no shutdown hook, no flush, no clean leave; waits until the process is gone. */
  public synchronized void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + settings.kafkaPort();
  }

  public String schemaRegistryUrl() {
    return "http://127.0.0.1:" + settings.registryPort();
  }

  /** Client configuration for the registry ({@code schema.registry.url}). */
  public Map<String, Object> registryConfig() {
    return Map.of(KafkaTestEnvironment.SCHEMA_REGISTRY_URL, schemaRegistryUrl());
  }

  /** A clean stop (SIGTERM). */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitForExit();
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long readyLines() {
    try {
      if (!Files.exists(log)) {
        return 0;
      }
      try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
        return lines.filter(line -> line.startsWith(READY_LINE)).count();
      }
    } catch (IOException | UncheckedIOException e) {
      return 0;
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
