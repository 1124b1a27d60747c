package io.leadpipe.localstack.service;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service running as its own JVM, with its own module's classpath: services never share a
 * classpath, exactly as in production. Output goes to a log file; readiness is the service's {@code
 * /health/readiness} endpoint; stop sends SIGTERM so the service shuts down cleanly.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
  private static final Duration READINESS_POLL = Duration.ofMillis(250);
  private static final Duration READINESS_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Streams apps commit and close their stores on SIGTERM; that can take a while on a busy machine.
   */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final int HTTP_OK = 200;

  private final ServiceSpec spec;
  private final Process process;
  private final Path logFile;

  private ServiceProcess(ServiceSpec spec, Process process, Path logFile) {
    this.spec = spec;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts the service from its built module under {@code repoRoot}: {@code target/classes} plus
   * the runtime classpath Maven wrote to {@code target/runtime-classpath.txt} during the build.
   * Output is appended to {@code <logDir>/<module>.log}.
   */
  public static ServiceProcess start(
      ServiceSpec spec, Path repoRoot, Path logDir, List<String> jvmOptions) {
    LeadpipeService service = spec.service();
    service
        .missingBuild(repoRoot)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    try {
      String classpath =
          service.classesDir(repoRoot)
              + File.pathSeparator
              + Files.readString(service.classpathFile(repoRoot), StandardCharsets.UTF_8).trim();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-Dmicronaut.server.port=" + spec.httpPort());
      for (Map.Entry<String, String> p : spec.properties().entrySet()) {
        command.add("-D" + p.getKey() + "=" + p.getValue());
      }
      command.add("-cp");
      command.add(classpath);
      command.add(service.mainClass());
      Files.createDirectories(logDir);
      Path logFile = logDir.resolve(spec.name() + ".log");
      // Logs are appended across runs; a marker line shows where each run begins.
      Files.writeString(
          logFile,
          "===== "
              + Instant.now()
              + " starting "
              + spec.name()
              + " on port "
              + spec.httpPort()
              + " ====="
              + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              // Never the terminal: the stack runs the same in the background.
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      LOG.info("Started {} (pid {}), log {}", spec.name(), process.pid(), logFile);
      return new ServiceProcess(spec, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + spec.name(), e);
    }
  }

  /** Waits until the service reports ready, failing fast if it exits. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(READINESS_REQUEST_TIMEOUT).build();
    URI readiness = URI.create("http://127.0.0.1:" + spec.httpPort() + "/health/readiness");
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            spec.name() + " exited with code " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(readiness).timeout(READINESS_REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == HTTP_OK) {
          LOG.info("{} is ready on port {}", spec.name(), spec.httpPort());
          return;
        }
      } catch (IOException notYetListening) {
        // Still starting.
      }
      process.waitFor(READINESS_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(
        spec.name() + " was not ready within " + timeout + "; see " + logFile);
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** The child's process id (for CPU and memory figures). */
  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once the process ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * SIGTERM, then a grace period for a clean shutdown (Streams commits, producers flush), then
   * SIGKILL.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {}; killing it", spec.name(), STOP_GRACE);
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped {}", spec.name());
  }
}
