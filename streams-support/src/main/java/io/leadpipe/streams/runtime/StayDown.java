package io.leadpipe.streams.runtime;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code leadpipe.streams.exit-on-fatal-error=false}: keep the process, readiness and liveness
 * report DOWN.
 */
@Singleton
@Requires(property = "leadpipe.streams.exit-on-fatal-error", value = "false")
public class StayDown implements FatalErrorAction {

  private static final Logger LOG = LoggerFactory.getLogger(StayDown.class);

  @Override
  public void onFatalError(String application, String reason) {
    LOG.error(
        "Streams application {} stopped for good ({}); staying up, not ready", application, reason);
  }
}
