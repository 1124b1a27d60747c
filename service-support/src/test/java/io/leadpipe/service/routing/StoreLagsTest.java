package io.leadpipe.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreLagsTest {

  @Test
  void withoutAnApplicationThereIsNoLagToShow() {
    try (StoreLags lags = new StoreLags(Optional::empty, Duration.ofSeconds(1), () -> 0L)) {
      assertThat(lags.of("profiles", 0)).isEmpty();
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
