package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureWindowTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void theThirdFailureWithinTheWindowExhaustsIt() {
    FailureWindow window = new FailureWindow(3, Duration.ofMinutes(5), clock);

    assertThat(window.recordAndCheckExhausted()).isFalse();
    now = now.plusSeconds(60);
    assertThat(window.recordAndCheckExhausted()).isFalse();
    now = now.plusSeconds(60);
    assertThat(window.recordAndCheckExhausted()).isTrue();
  }

  @Test
  void failuresOlderThanTheWindowNoLongerCount() {
    FailureWindow window = new FailureWindow(3, Duration.ofMinutes(5), clock);
    window.recordAndCheckExhausted();
    window.recordAndCheckExhausted();

    now = now.plus(Duration.ofMinutes(5));

    assertThat(window.recent()).isZero();
    assertThat(window.recordAndCheckExhausted()).isFalse();
    assertThat(window.recent()).isEqualTo(1);
  }

  @Test
  void aLimitOfOneShutsDownOnTheFirstFailure() {
    assertThat(new FailureWindow(1, Duration.ofMinutes(1), clock).recordAndCheckExhausted())
        .isTrue();
  }
}
