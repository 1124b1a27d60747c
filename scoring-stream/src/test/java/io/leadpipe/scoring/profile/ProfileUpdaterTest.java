package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.Company;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.LifecycleStage;
import io.leadpipe.scoring.referral.ReferralCredit;
import io.leadpipe.scoring.referral.ReferralEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final ProfileUpdater updater =
      new ProfileUpdater(ScoringRules.defaults(), Duration.ofHours(1), Duration.ofHours(24));
  private final ProfileScorer scorer = new ProfileScorer(ScoringRules.defaults());

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
  void aMessageAppliedWithinTheWindowIsADuplicateAndTheStateForgetsIdsNothingCanMatch() {
    VisitorInput first = web(WebEventType.PAGE_VIEW, T0, null);
    var s = updater.apply("v", null, first).state();

    assertThat(updater.apply("v", s, first)).isSameAs(ProfileUpdater.DUPLICATE);
    assertThat(updater.apply("v", s, web(WebEventType.PAGE_VIEW, T0.plusSeconds(1), null)))
        .extracting(ProfileUpdater.Update::state)
        .isNotNull();
    // Derived inputs have no message id: applying one twice is harmless, so never a duplicate.
    assertThat(updater.apply("v", updater.apply("v", s, credit(T0)).state(), credit(T0)))
        .extracting(ProfileUpdater.Update::state)
        .isNotNull();

    // 26 h later the visitor's latest event minus the grace (1 h) is more than the window (24 h)
    // past the first message: it is forgotten.
    var later =
        updater.apply("v", s, web(WebEventType.PAGE_VIEW, T0.plus(Duration.ofHours(26)), null));
    assertThat(later.state().recentMessages().size()).isEqualTo(1);
    assertThat(s.recentMessages().size()).isEqualTo(1);
    var sooner =
        updater.apply("v", s, web(WebEventType.PAGE_VIEW, T0.plus(Duration.ofHours(24)), null));
    assertThat(sooner.state().recentMessages().size()).isEqualTo(2);
  }

  @Test
  void aVisitorRemembersAtMostTheLimitOfMessageIds() {
    ProfileLimits d = ProfileLimits.defaults();
    ScoringRules defaults = ScoringRules.defaults();
    ScoringRules fewIds =
        new ScoringRules(
            defaults.engagement(),
            defaults.fit(),
            defaults.influence(),
            defaults.leadTypes(),
            defaults.rfm(),
            defaults.lifecycle(),
            defaults.activity(),
            defaults.referral(),
            defaults.history(),
            new ProfileLimits(
                d.categoriesKept(),
                d.cartLinesKept(),
                d.anonymousIdsKept(),
                d.customTraitsKept(),
                3));
    var limited = new ProfileUpdater(fewIds, Duration.ofHours(1), Duration.ofHours(24));
    ProfileState s = null;
    for (int i = 0; i < 5; i++) {
      s = limited.apply("v", s, web(WebEventType.PAGE_VIEW, T0.plusSeconds(i), null)).state();
    }

    assertThat(s.recentMessages().size()).isEqualTo(3);
    assertThat(limited.apply("v", s, web(WebEventType.PAGE_VIEW, T0.plusSeconds(4), null)))
        .isSameAs(ProfileUpdater.DUPLICATE);
    // The oldest went first: its retry counts again.
    assertThat(limited.apply("v", s, web(WebEventType.PAGE_VIEW, T0, null)))
        .extracting(ProfileUpdater.Update::state)
        .isNotNull();
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

  @Test
  void theHistoryPointHoldsTheScoresTheProfileIsPublishedWith() {
    var s = updater.apply("v", null, web(WebEventType.PAGE_VIEW, T0, null)).state();
    for (int i = 1; i <= 3; i++) {
      // Viewing shoes makes them an interest, which the default target customer shares.
      var view = (VisitorInput.Web) web(WebEventType.PRODUCT_VIEW, T0.plusSeconds(i), null);
      view.event()
          .setProduct(Product.newBuilder().setProductId("p" + i).setCategory("shoes").build());
      s = updater.apply("v", s, view).state();
    }

    var scores = scorer.score(s);
    assertThat(scores.interests()).contains("shoes");
    assertThat(scores.fit().score()).isPositive();
    assertThat(s.history().get(s.history().size() - 1))
        .isEqualTo(
            new ScoreHistory.Point(
                s.asOf(), scores.engagement(), scores.fit().score(), scores.influence()));
  }

  private static VisitorInput order(WebEventType type, Instant at, double amount, int quantity) {
    return new VisitorInput.Web(
        WebEvent.newBuilder()
            .setMessageId("m-" + type + at.toEpochMilli())
            .setAnonymousId("v")
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setContext(EventContext.newBuilder().build())
            .setType(type)
            .setName(type.name())
            .setOrder(OrderInfo.newBuilder().setOrderId("o-" + amount).setRevenue(amount).build())
            .setItems(List.of(Product.newBuilder().setProductId("p").setQuantity(quantity).build()))
            .build());
  }

  @Test
  void aCancelledOrderTakesItsPurchaseBackAndTheStageWithIt() {
    var once = updater.apply("v", null, order(WebEventType.PURCHASE, T0, 120, 2)).state();
    var twice =
        updater.apply("v", once, order(WebEventType.PURCHASE, T0.plusSeconds(60), 80, 1)).state();

    var oneCancelled =
        updater.apply("v", twice, order(WebEventType.ORDER_CANCELLED, T0.plusSeconds(120), 80, 1));
    var bothCancelled =
        updater.apply(
            "v",
            oneCancelled.state(),
            order(WebEventType.ORDER_CANCELLED, T0.plusSeconds(180), 120, 2));

    assertThat(oneCancelled.state().purchases())
        .isEqualTo(new PurchaseStats(1, 120, 2, T0, T0.plusSeconds(60)));
    assertThat(scorer.score(oneCancelled.state()).stage()).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(bothCancelled.state().purchases()).isEqualTo(PurchaseStats.none());
    assertThat(scorer.score(bothCancelled.state()).stage())
        .isNotIn(LifecycleStage.CUSTOMER, LifecycleStage.REPEAT_CUSTOMER);
    // A cancellation with no purchase known (bought before leadpipe saw them) takes nothing below
    // 0.
    assertThat(
            updater
                .apply(
                    "v",
                    bothCancelled.state(),
                    order(WebEventType.ORDER_CANCELLED, T0.plusSeconds(240), 50, 1))
                .state()
                .purchases())
        .isEqualTo(PurchaseStats.none());
  }

  @Test
  void aRefundDeductsItsAmountFromSpendButThePurchaseStays() {
    var bought = updater.apply("v", null, order(WebEventType.PURCHASE, T0, 200, 2)).state();

    var partly =
        updater.apply("v", bought, order(WebEventType.ORDER_REFUNDED, T0.plusSeconds(60), 50, 1));
    var more =
        updater.apply(
            "v", partly.state(), order(WebEventType.ORDER_REFUNDED, T0.plusSeconds(120), 500, 1));

    assertThat(partly.state().purchases()).isEqualTo(new PurchaseStats(1, 150, 2, T0, T0));
    assertThat(scorer.score(partly.state()).stage()).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(more.state().purchases().totalSpend()).isZero();
  }

  @Test
  void aScreenViewCountsAsAPageViewAndACartShareAsAShare() {
    var s = updater.apply("v", null, web(WebEventType.PAGE_VIEW, T0, null)).state();
    s = updater.apply("v", s, web(WebEventType.SCREEN_VIEW, T0.plusSeconds(5), null)).state();
    s = updater.apply("v", s, web(WebEventType.CART_SHARED, T0.plusSeconds(9), "my-code")).state();

    assertThat(s.activity().pageViews()).isEqualTo(2);
    assertThat(s.signals()).containsKey("PAGE_VIEW").containsKey("PRODUCT_SHARED");
    assertThat(s.reach().shares()).isEqualTo(1);
    assertThat(s.referral().referredBy()).isNull();
  }

  @Test
  void aGroupCallGivesTheProfileItsCompanyAndMovingAccountDropsTheOldOnesTraits() {
    var s = updater.apply("v", null, group("acme", "Acme", "Software", 420, "pro", T0)).state();
    var moved =
        updater.apply("v", s, group("globex", "Globex", null, null, null, T0.plusSeconds(60)));

    ProspectProfile profile = new ProfileMapper(ScoringRules.defaults()).toProfile(s);
    assertThat(profile.getTraits().getCompany())
        .isEqualTo(
            Company.newBuilder()
                .setGroupId("acme")
                .setName("Acme")
                .setIndustry("Software")
                .setEmployees(420)
                .setPlan("pro")
                .build());
    ProspectProfile after = new ProfileMapper(ScoringRules.defaults()).toProfile(moved.state());
    assertThat(after.getTraits().getCompany().getGroupId()).isEqualTo("globex");
    assertThat(after.getTraits().getCompany().getIndustry()).isNull();
    assertThat(after.getTraits().getCompany().getEmployees()).isNull();
  }

  private static VisitorInput group(
      String groupId, String name, String industry, Integer employees, String plan, Instant at) {
    return new VisitorInput.Identity(
        IdentityEvent.newBuilder()
            .setMessageId("g-" + at.toEpochMilli())
            .setKind(IdentityKind.GROUP)
            .setAnonymousId("v")
            .setGroupId(groupId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setTraits(
                Traits.newBuilder()
                    .setCompany(
                        Company.newBuilder()
                            .setGroupId(groupId)
                            .setName(name)
                            .setIndustry(industry)
                            .setEmployees(employees)
                            .setPlan(plan)
                            .build())
                    .build())
            .build());
  }
}
