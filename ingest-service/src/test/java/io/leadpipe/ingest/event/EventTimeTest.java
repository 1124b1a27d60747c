package io.leadpipe.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void aClientClockAnHourBehindIsCorrectedBySentAt() {
    Instant sentAt = Instant.parse("2026-11-23T09:00:05Z");
    Instant timestamp = Instant.parse("2026-11-23T09:00:00Z");

    assertThat(EventTime.corrected(timestamp, sentAt, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-23T09:59:55Z"));
  }

  @Test
  void aClientClockAheadIsCorrectedToo() {
    Instant sentAt = Instant.parse("2026-11-23T12:00:00Z");
    Instant timestamp = Instant.parse("2026-11-23T11:59:30Z");

    assertThat(EventTime.corrected(timestamp, sentAt, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-23T09:59:30Z"));
  }

  @Test
  void withoutSentAtTheTimestampIsKept() {
    Instant timestamp = Instant.parse("2026-11-23T09:30:00Z");

    assertThat(EventTime.corrected(timestamp, null, RECEIVED)).isEqualTo(timestamp);
  }

  @Test
  void withoutTimestampTheEventHappenedWhenReceived() {
    assertThat(EventTime.corrected(null, Instant.parse("2026-11-23T09:00:00Z"), RECEIVED))
        .isEqualTo(RECEIVED);
  }

  @Test
  void anEventNeverHappensAfterItWasReceived() {
    Instant future = Instant.parse("2026-11-24T00:00:00Z");

    assertThat(EventTime.corrected(future, null, RECEIVED)).isEqualTo(RECEIVED);
  }
}
