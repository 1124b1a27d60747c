package io.leadpipe.notifier.testing;

import io.leadpipe.devkit.LeanJvm;
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

/**
 * notifier-service as its own JVM, started the way the local launcher starts it (module classes +
 * the runtime classpath the build writes at package), configured through system properties, so a
 * test can kill it with SIGKILL — no shutdown hook, no clean close, exactly what a crash or an OOM
 * kill does.
 */
public final class NotifierProcess implements AutoCloseable {

  private static final String MAIN_CLASS = "io.leadpipe.notifier.NotifierApplication";
  private static final Path CLASSES = Path.of("target", "classes");
  private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

  private NotifierProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a notifier JVM with {@code config} as system properties; its output goes to {@code log}.
   */
  public static NotifierProcess start(Map<String, String> config, Path log) {
    if (!Files.isRegularFile(RUNTIME_CLASSPATH)) {
      throw new IllegalStateException(
          RUNTIME_CLASSPATH.toAbsolutePath()
              + " is missing: it is written at the "
              + "package phase, so run this test with mvn verify (failsafe runs after package)");
    }
    try {
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(LeanJvm.withHeap("256m"));
      command.add("-Dmicronaut.server.port=" + port);
      command.add("-Dleadpipe.mode=local");
      // As in application-test.yml: the broker is shared by the tests, and strategies seeded by one
      // would override the configured sequences of the next.
      command.add("-Dleadpipe.notifier.strategies.seed-defaults=false");
      config.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-cp");
      command.add(
          CLASSES.toAbsolutePath()
              + java.io.File.pathSeparator
              + Files.readString(RUNTIME_CLASSPATH).trim());
      command.add(MAIN_CLASS);
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new NotifierProcess(process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the process is alive and its readiness endpoint answers 200. */
  public boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the notifier process exited with " + process.exitValue() + "; see " + log);
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                  .timeout(PROBE_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
