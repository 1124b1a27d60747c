package io.leadpipe.dashboard.followups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorFollowupsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static VisitorFollowups.Decision sent(int minute, String variant) {
    return new VisitorFollowups.Decision(
        T0.plusSeconds(60L * minute),
        "SENT",
        "OK",
        "DISCOUNT_OFFER",
        1,
        "email",
        "PRICE",
        "price-vip",
        2,
        variant,
        null,
        null,
        null);
  }

  @Test
  void eachVisitorKeepsTheLatestDecisionsNewestFirst() {
    VisitorFollowups followups = new VisitorFollowups(10, 2);
    followups.decided("v-1", sent(1, "a"));
    followups.decided("v-1", sent(2, "b"));
    followups.decided("v-1", sent(3, "holdout"));
    followups.decided("v-2", sent(4, "a"));

    assertThat(followups.of("v-1"))
        .extracting(VisitorFollowups.Decision::variantId)
        .containsExactly("holdout", "b");
    assertThat(followups.of("v-2")).hasSize(1);
    assertThat(followups.of("v-3")).isEmpty();
  }

  @Test
  void theLeastRecentlyDecidedVisitorIsForgottenBeyondTheBound() {
    VisitorFollowups followups = new VisitorFollowups(2, 5);
    followups.decided("v-1", sent(1, "a"));
    followups.decided("v-2", sent(2, "a"));
    followups.decided("v-1", sent(3, "a"));
    followups.decided("v-3", sent(4, "a"));

    assertThat(followups.of("v-2")).isEmpty();
    assertThat(followups.of("v-1")).hasSize(2);
    assertThat(followups.forgottenVisitors()).isEqualTo(1);
  }
}
