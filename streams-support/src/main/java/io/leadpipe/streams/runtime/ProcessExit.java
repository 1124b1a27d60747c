package io.leadpipe.streams.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exits the JVM with a non-zero code from a thread of its own (never a stream thread, which close()
 * would wait for); the shutdown hook then closes the context, so the other applications still close
 * cleanly. Off with {@code leadpipe.streams.exit-on-fatal-error=false}: the service then stays up,
 * not ready.
 */
@Singleton
@Requires(property = "leadpipe.streams.exit-on-fatal-error", notEquals = "false")
public class ProcessExit implements FatalErrorAction {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessExit.class);

  private final int exitCode;

  public ProcessExit(@Value("${leadpipe.streams.fatal-exit-code:70}") int exitCode) {
    this.exitCode = exitCode;
  }

  @Override
  public void onFatalError(String application, String reason) {
    LOG.error(
        "Streams application {} stopped for good ({}); exiting with {}",
        application,
        reason,
        exitCode);
    Thread exit = new Thread(() -> System.exit(exitCode), "fatal-exit");
    exit.setDaemon(false);
    exit.start();
  }
}
