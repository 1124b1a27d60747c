package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivityCountsTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration INACTIVITY = Duration.ofMinutes(30);

  @Test
  void aGapLongerThanTheInactivityOpensASessionAndExactlyTheInactivityDoesNot() {
    var a =
        ActivityCounts.none()
            .web(WebEventType.PAGE_VIEW, T0, INACTIVITY)
            .web(WebEventType.PAGE_VIEW, T0.plus(INACTIVITY), INACTIVITY)
            .web(
                WebEventType.PAGE_VIEW,
                T0.plus(INACTIVITY.multipliedBy(2)).plusSeconds(1),
                INACTIVITY)
            .web(WebEventType.PRODUCT_VIEW, T0.plusSeconds(10), INACTIVITY);

    assertThat(a.sessions()).isEqualTo(2);
    assertThat(a.pageViews()).isEqualTo(3);
    assertThat(a.productViews()).isEqualTo(1);
    assertThat(a.lastWebAt()).isEqualTo(T0.plus(INACTIVITY.multipliedBy(2)).plusSeconds(1));
  }
}
