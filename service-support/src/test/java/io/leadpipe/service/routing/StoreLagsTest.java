package io.leadpipe.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreLagsTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger measurements = new AtomicInteger();
  private final AtomicLong lagNow = new AtomicLong(7);

  /** Measurements run in the asking thread here, so the test needs no waiting. */
  private StoreLags lags(StoreLags.Source source) {
    return new StoreLags(source, MAX_AGE, nanos::get, Runnable::run);
  }

  private Optional<Map<String, Map<Integer, Long>>> profilesLag() {
    measurements.incrementAndGet();
    return Optional.of(Map.of("profiles", Map.of(3, lagNow.get())));
  }

  @Test
  void aLagIsMeasuredOnceAndShownWhileYoungerThanTheMaximumAge() {
    StoreLags lags = lags(this::profilesLag);

    assertThat(lags.of("profiles", 3)).hasValue(7);
    lagNow.set(9);
    nanos.addAndGet(MAX_AGE.toNanos());
    assertThat(lags.of("profiles", 3)).hasValue(7);
    assertThat(measurements).hasValue(1);

    nanos.incrementAndGet();
    assertThat(lags.of("profiles", 3)).hasValue(9);
    assertThat(measurements).hasValue(2);
  }

  @Test
  void aPartitionOrStoreNotHereHasNoLag() {
    StoreLags lags = lags(this::profilesLag);

    assertThat(lags.of("profiles", 4)).isEmpty();
    assertThat(lags.of("tallies", 3)).isEmpty();
  }

  @Test
  void aFailedMeasurementShowsNoLagAndIsTriedAgainLater() {
    AtomicInteger calls = new AtomicInteger();
    StoreLags lags =
        lags(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("brokers unreachable");
              }
              return Optional.of(Map.of("profiles", Map.of(3, 2L)));
            });

    assertThat(lags.of("profiles", 3)).isEmpty();
    assertThat(lags.of("profiles", 3)).hasValue(2);
  }

  @Test
  void withoutAnApplicationThereIsNoLagToShow() {
    try (StoreLags lags = new StoreLags(Optional::empty, MAX_AGE)) {
      assertThat(lags.of("profiles", 0)).isEmpty();
    }
  }

  @Test
  void aMaximumAgeThatIsNotPositiveIsRejected() {
    assertThatThrownBy(() -> new StoreLags(Optional::empty, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum age must be positive");
  }
}
