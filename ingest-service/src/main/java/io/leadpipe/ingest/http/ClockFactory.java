package io.leadpipe.ingest.http;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** receivedAt comes from this clock, so tests can fix it. */
@Factory
public class ClockFactory {
  @Singleton
  public Clock clock() {
    return Clock.systemUTC();
  }
}
