package io.leadpipe.scoring.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReferralTrackerTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final ReferralTracker tracker =
      new ReferralTracker(new ReferralRules(Duration.ofDays(30), 2, 2));

  @Test
  void sharingClaimsEachCodeOnceAndKeepsTheLatestCodes() {
    var s = tracker.shared(ReferralTouch.none(), "ann", "c1", T0);
    assertThat(s.reports()).containsExactly(ReferralEvent.claim("c1", "ann", T0));
    assertThat(tracker.shared(s.touch(), "ann", "c1", T0.plusSeconds(1)).reports()).isEmpty();

    s = tracker.shared(tracker.shared(s.touch(), "ann", "c2", T0).touch(), "ann", "c3", T0);
    assertThat(s.touch().ownCodes()).containsExactly("c2", "c3");
    assertThat(s.touch().latestOwnCode()).isEqualTo("c3");
    assertThat(tracker.shared(s.touch(), "ann", " ", T0).reports()).isEmpty();
  }

  @Test
  void theFirstArrivalWithSomeoneElsesCodeIsTheOneThatCounts() {
    var own = tracker.shared(ReferralTouch.none(), "bob", "bob-code", T0).touch();
    assertThat(tracker.arrived(own, "bob", "bob-code", T0).reports()).isEmpty();

    var s = tracker.arrived(own, "bob", "ann-code", T0.plusSeconds(5));
    assertThat(s.reports())
        .containsExactly(ReferralEvent.arrival("ann-code", "bob", T0.plusSeconds(5)));
    assertThat(s.touch().referredBy()).isEqualTo("ann-code");
    assertThat(tracker.arrived(s.touch(), "bob", "zoe-code", T0.plusSeconds(9)).reports())
        .isEmpty();
  }

  @Test
  void purchasesAreReportedWithinTheAttributionWindowOnly() {
    var referred = tracker.arrived(ReferralTouch.none(), "bob", "ann-code", T0).touch();

    assertThat(tracker.purchased(referred, "bob", T0.plus(Duration.ofDays(30)), 40, "o1").reports())
        .containsExactly(
            ReferralEvent.purchase("ann-code", "bob", T0.plus(Duration.ofDays(30)), 40, "o1"));
    assertThat(tracker.purchased(referred, "bob", T0.plus(Duration.ofDays(31)), 40, "o2").reports())
        .isEmpty();
    assertThat(tracker.purchased(referred, "bob", T0.minusSeconds(1), 40, "o0").reports())
        .isEmpty();
  }

  @Test
  void anArrivalAppliedAfterLaterPurchasesStillReportsThem() {
    var s = tracker.purchased(ReferralTouch.none(), "bob", T0.minusSeconds(60), 10, "before");
    s = tracker.purchased(s.touch(), "bob", T0.plusSeconds(60), 20, "after-1");
    s = tracker.purchased(s.touch(), "bob", T0.plusSeconds(90), 30, "after-2");
    assertThat(s.reports()).isEmpty();
    // Only the last two purchases are remembered; the one before the arrival would not count
    // anyway.
    assertThat(s.touch().unattributed())
        .extracting(ReferralTouch.Purchase::orderRef)
        .containsExactly("after-1", "after-2");

    var arrived = tracker.arrived(s.touch(), "bob", "ann-code", T0);
    assertThat(arrived.reports())
        .containsExactly(
            ReferralEvent.arrival("ann-code", "bob", T0),
            ReferralEvent.purchase("ann-code", "bob", T0.plusSeconds(60), 20, "after-1"),
            ReferralEvent.purchase("ann-code", "bob", T0.plusSeconds(90), 30, "after-2"));
    assertThat(arrived.touch().unattributed()).isEmpty();
  }
}
