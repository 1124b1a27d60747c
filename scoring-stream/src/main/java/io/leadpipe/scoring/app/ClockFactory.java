package io.leadpipe.scoring.app;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One clock for the service, so tests can replace it. */
@Factory
public class ClockFactory {

  @Singleton
  public Clock clock() {
    return Clock.systemUTC();
  }
}
