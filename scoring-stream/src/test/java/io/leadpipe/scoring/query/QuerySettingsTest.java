package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuerySettingsTest {

  /** Settings with these durations and the defaults otherwise. */
  static QuerySettings with(Duration retryAfter, Duration peerTimeout, Duration lagAge) {
    return new QuerySettings(20, 100, 10000, retryAfter, peerTimeout, lagAge, 20, 0.5, 20, 1000);
  }

  @Test
  void aTimeoutThatIsNotPositiveStopsTheServiceNamingTheSetting() {
    Duration ok = Duration.ofSeconds(1);
    assertThatThrownBy(() -> with(ok, Duration.ZERO, ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leadpipe.scoring.query.peer-timeout");
    assertThatThrownBy(() -> with(ok, ok, Duration.ofSeconds(-1)))
        .hasMessageContaining("leadpipe.scoring.query.stale-lag-max-age");
    assertThatThrownBy(() -> with(Duration.ZERO, ok, ok))
        .hasMessageContaining("leadpipe.scoring.query.retry-after");
  }
}
