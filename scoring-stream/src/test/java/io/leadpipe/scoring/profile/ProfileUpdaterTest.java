package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.referral.ReferralCredit;
import io.leadpipe.scoring.referral.ReferralEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final ProfileUpdater updater =
      new ProfileUpdater(ScoringRules.defaults(), Duration.ofHours(1));

  private static VisitorInput web(WebEventType type, Instant at, String referralCode) {
    return new VisitorInput.Web(
        WebEvent.newBuilder()
            .setMessageId("m-" + at.toEpochMilli())
            .setAnonymousId("v")
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setContext(EventContext.newBuilder().build())
            .setType(type)
            .setName(type.name())
            .setReferralCode(referralCode)
            .build());
  }

  private static VisitorInput credit(Instant at) {
    return new VisitorInput.Credit(
        new ReferralCredit(
            "visit:c:bob", ReferralCredit.Kind.REFERRED_VISITOR, "v", "bob", "c", at, 0, false));
  }

  @Test
  void ownEventsOlderThanTheGraceAreDroppedButCreditsAlwaysApplyWithoutCountingAsSeen() {
    var s = updater.apply("v", null, web(WebEventType.PAGE_VIEW, T0, null)).state();

    assertThat(
            updater.apply(
                "v", s, web(WebEventType.PAGE_VIEW, T0.minus(Duration.ofMinutes(61)), null)))
        .isNull();
    var credited = updater.apply("v", s, credit(T0.minus(Duration.ofDays(3)))).state();
    assertThat(credited.reach().referredVisitors()).isEqualTo(1);
    assertThat(credited.firstSeen()).isEqualTo(T0);

    var later = updater.apply("v", s, credit(T0.plus(Duration.ofHours(5)))).state();
    assertThat(later.lastSeen()).isEqualTo(T0);
    assertThat(later.asOf()).isEqualTo(T0.plus(Duration.ofHours(5)));
    assertThat(later.revision()).isEqualTo(2);
  }

  @Test
  void aVisitThatArrivesWithACodeAndBuysReportsTheArrivalBeforeThePurchase() {
    var update = updater.apply("v", null, web(WebEventType.PURCHASE, T0, "ann-code"));

    assertThat(update.referrals())
        .extracting(ReferralEvent::kind)
        .containsExactly(ReferralEvent.Kind.ARRIVAL, ReferralEvent.Kind.PURCHASE);
    assertThat(update.state().referral().referredBy()).isEqualTo("ann-code");
  }

  @Test
  void aShareClaimsTheCodeInsteadOfArrivingWithIt() {
    var update = updater.apply("v", null, web(WebEventType.PRODUCT_SHARED, T0, "my-code"));

    assertThat(update.referrals()).containsExactly(ReferralEvent.claim("my-code", "v", T0));
    assertThat(update.state().referral().referredBy()).isNull();
    assertThat(update.state().reach().shares()).isEqualTo(1);
  }

  @Test
  void theHistoryGetsASnapshotOfEveryAppliedInput() {
    var s = updater.apply("v", null, web(WebEventType.CART_ADD, T0, null)).state();
    s = updater.apply("v", s, web(WebEventType.CHECKOUT_STARTED, T0.plusSeconds(5), null)).state();

    assertThat(s.history()).extracting(h -> h.engagement()).containsExactly(10.0, 25.0);
  }
}
