package io.leadpipe.scoring.referral;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Referral credit crosses keys: the sharer learns their code from their shares, visitors who arrive
 * with it credit the sharer (visitor, then buyer and revenue), exactly once per referred visitor.
 */
class ReferralTopologyTest {

  private static final Duration HOUR = Duration.ofHours(1);

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private void share(String sharer, String code, Instant at) {
    f.send(f.webEvent(sharer, WebEventType.PRODUCT_SHARED, at).setReferralCode(code).build());
  }

  private void arrive(String visitor, String code, Instant at) {
    f.send(f.webEvent(visitor, WebEventType.PAGE_VIEW, at).setReferralCode(code).build());
  }

  private void buy(String visitor, double revenue, Instant at) {
    f.purchase(visitor, revenue, at);
  }

  private static String influence(ProspectProfile p) {
    var i = p.getInfluence();
    return i.getReferredVisitors()
        + " visitors, "
        + i.getReferredBuyers()
        + " buyers, "
        + i.getReferredRevenue()
        + " revenue, score "
        + i.getValue()
        + " "
        + p.getLeadTypes().getInfluence();
  }

  @Test
  void visitorsWhoArriveWithTheCodeCreditTheSharerOnceAsVisitorAndOnceAsBuyer() {
    share("ann", "ann-code", T0);
    arrive("bob", "ann-code", T0.plus(HOUR));
    buy("bob", 120, T0.plus(HOUR.multipliedBy(2)));
    buy("bob", 30, T0.plus(HOUR.multipliedBy(3)));
    arrive("bob", "ann-code", T0.plus(HOUR.multipliedBy(4)));
    arrive("carl", "ann-code", T0.plus(HOUR.multipliedBy(5)));

    assertThat(f.profiles.readKeyValuesToList())
        .filteredOn(kv -> kv.key.equals("ann"))
        .extracting(kv -> influence(kv.value))
        .containsExactly(
            "0 visitors, 0 buyers, 0.0 revenue, score 2.0 NONE",
            "1 visitors, 0 buyers, 0.0 revenue, score 7.0 NONE",
            "1 visitors, 1 buyers, 120.0 revenue, score 27.0 AMPLIFIER",
            "1 visitors, 1 buyers, 150.0 revenue, score 27.0 AMPLIFIER",
            "2 visitors, 1 buyers, 150.0 revenue, score 32.0 AMPLIFIER");
    ProspectProfile ann = f.latest("ann");
    assertThat(ann.getReferralCode()).isEqualTo("ann-code");
    assertThat(ann.getInfluence().getShares()).isEqualTo(1);
    assertThat(ann.getInfluence().getFactors())
        .extracting(x -> x.getSignal(), x -> x.getPoints(), x -> x.getDetail())
        .containsExactly(
            tuple("referredBuyers", 20.0, "x1"),
            tuple("referredVisitors", 10.0, "x2"),
            tuple("shares", 2.0, "x1"));
    assertThat(f.latest("bob").getReferredBy()).isEqualTo("ann-code");
    assertThat(f.latest("bob").getInfluence().getReferredVisitors()).isZero();
  }

  @Test
  void aReferredVisitorWhoComesBackUnderAnotherIdCountsOnce() {
    share("ann", "ann-code", T0);
    arrive("bob-phone", "ann-code", T0.plus(HOUR));
    f.identify(
        "bob-phone", "u-bob", TopologyFixture.traits().build(), T0.plus(HOUR.multipliedBy(2)));
    // Signed in, bob has another id (u-bob) and follows ann's link again, twice, and buys.
    arrive("u-bob", "ann-code", T0.plus(HOUR.multipliedBy(3)));
    buy("u-bob", 30, T0.plus(HOUR.multipliedBy(4)));
    arrive("u-bob", "ann-code", T0.plus(HOUR.multipliedBy(5)));
    buy("u-bob", 20, T0.plus(HOUR.multipliedBy(6)));

    // One referred visitor, one buyer (before: two referred visitors for one person).
    assertThat(influence(f.latest("ann")))
        .isEqualTo("1 visitors, 1 buyers, 50.0 revenue, score 27.0 AMPLIFIER");
  }

  @Test
  void aVisitorStitchedToTheSharerIsNotCreditedAsReferredByThem() {
    // The phone arrives with the code before anyone claimed it, so its report waits.
    arrive("ann-phone", "ann-code", T0);
    f.identify("ann-phone", "u-ann", TopologyFixture.traits().build(), T0.plus(HOUR));
    share("u-ann", "ann-code", T0.plus(HOUR.multipliedBy(2)));
    buy("u-ann", 500, T0.plus(HOUR.multipliedBy(3)));

    // The code is ann's and so was the phone: no referred visitor, no referred buyer.
    assertThat(influence(f.latest("u-ann")))
        .isEqualTo("0 visitors, 0 buyers, 0.0 revenue, score 2.0 NONE");
  }

  @Test
  void theSharerArrivingWithTheirOwnCodeUnderAnotherIdIsNotCredited() {
    share("ann-phone", "ann-code", T0);
    f.identify("ann-phone", "u-ann", TopologyFixture.traits().build(), T0.plus(HOUR));
    // Signed in on the laptop, ann follows her own link and buys.
    arrive("u-ann", "ann-code", T0.plus(HOUR.multipliedBy(2)));
    buy("u-ann", 100, T0.plus(HOUR.multipliedBy(3)));

    assertThat(influence(f.latest("u-ann")))
        .isEqualTo("0 visitors, 0 buyers, 0.0 revenue, score 2.0 NONE");
  }

  @Test
  void visitorsWhoArriveBeforeTheShareIsKnownAreCreditedWhenItIs() {
    arrive("dave", "eve-code", T0);
    buy("dave", 80, T0.plusSeconds(60));
    share("eve", "eve-code", T0.plusSeconds(120));

    assertThat(influence(f.latest("eve")))
        .isEqualTo("1 visitors, 1 buyers, 80.0 revenue, score 27.0 AMPLIFIER");
  }

  @Test
  void aVisitBoughtAtOnceWithTheCodeIsAReferredVisitorAndBuyer() {
    share("ann", "ann-code", T0);
    f.send(
        f.webEvent("bob", WebEventType.PURCHASE, T0.plus(HOUR))
            .setReferralCode("ann-code")
            .setOrder(OrderInfo.newBuilder().setOrderId("o-1").setRevenue(60.0).build())
            .build());

    assertThat(influence(f.latest("ann")))
        .isEqualTo("1 visitors, 1 buyers, 60.0 revenue, score 27.0 AMPLIFIER");
  }

  @Test
  void nobodyIsCreditedForTheirOwnCodeAndACodeKeepsItsFirstOwner() {
    share("ann", "ann-code", T0);
    arrive("ann", "ann-code", T0.plusSeconds(10));
    share("mallory", "ann-code", T0.plusSeconds(20));
    arrive("bob", "ann-code", T0.plusSeconds(30));

    assertThat(f.latest("ann").getInfluence().getReferredVisitors()).isEqualTo(1);
    assertThat(f.latest("mallory").getInfluence().getReferredVisitors()).isZero();
    assertThat(f.latest("ann").getReferredBy()).isNull();
  }

  @Test
  void onlyTheFirstCodeAVisitorArrivesWithEarnsTheCredit() {
    share("ann", "ann-code", T0);
    share("zoe", "zoe-code", T0);
    arrive("bob", "ann-code", T0.plus(HOUR));
    arrive("bob", "zoe-code", T0.plus(HOUR.multipliedBy(2)));
    buy("bob", 50, T0.plus(HOUR.multipliedBy(3)));

    assertThat(influence(f.latest("ann")))
        .isEqualTo("1 visitors, 1 buyers, 50.0 revenue, score 27.0 AMPLIFIER");
    assertThat(influence(f.latest("zoe")))
        .isEqualTo("0 visitors, 0 buyers, 0.0 revenue, score 2.0 NONE");
  }

  @Test
  void anArrivalThatTookALongerWayStillCreditsThePurchaseItPreceded() {
    share("ann", "ann-code", T0);
    // bob's purchase is keyed right; his arrival was keyed by another id and comes through the
    // repartition
    // topic after it, though it happened first.
    f.purchase("u-bob", 90, T0.plus(HOUR.multipliedBy(2)));
    f.web.pipeInput(
        "bob-phone",
        f.webEvent("bob-phone", WebEventType.PAGE_VIEW, T0.plus(HOUR))
            .setUserId("u-bob")
            .setReferralCode("ann-code")
            .build());
    f.publish();

    assertThat(influence(f.latest("ann")))
        .isEqualTo("1 visitors, 1 buyers, 90.0 revenue, score 27.0 AMPLIFIER");
  }

  @Test
  void purchasesAfterTheAttributionWindowEarnNoCredit() {
    share("ann", "ann-code", T0);
    arrive("bob", "ann-code", T0);
    buy("bob", 200, T0.plus(Duration.ofDays(31)));

    assertThat(influence(f.latest("ann")))
        .isEqualTo("1 visitors, 0 buyers, 0.0 revenue, score 7.0 NONE");
  }

  @Test
  void socialSharesAndReferralClicksCreditTheSameWay() {
    f.send(f.socialEvent("ig-ann", SocialKind.SHARE, T0).setReferralCode("k3x9").build());
    f.send(
        f.socialEvent("ig-bob", SocialKind.REFERRAL_CLICK, T0.plusSeconds(5))
            .setReferralCode("k3x9")
            .build());

    ProspectProfile ann = f.latest("ig-ann");
    assertThat(ann.getInfluence().getShares()).isEqualTo(1);
    assertThat(ann.getInfluence().getReferredVisitors()).isEqualTo(1);
    assertThat(ann.getReferralCode()).isEqualTo("k3x9");
    assertThat(f.latest("ig-bob").getReferredBy()).isEqualTo("k3x9");
  }

  @Test
  void reachPlusReferredBuyersMakeAnInfluencerWhoEntersTheInfluencersSegment() {
    var influencers =
        DefaultSegments.ALL.stream()
            .filter(d -> d.segmentId().equals("influencers"))
            .findFirst()
            .orElseThrow();
    f.define(influencers.segmentId(), influencers.rule());
    f.send(
        f.socialEvent("ann", SocialKind.SHARE, T0)
            .setFollowerCount(9_999L)
            .setReferralCode("ann-code")
            .build());
    assertThat(f.latest("ann").getLeadTypes().getInfluence()).isEqualTo(InfluenceType.AMPLIFIER);

    arrive("bob", "ann-code", T0.plus(HOUR));
    f.send(
        f.webEvent("bob", WebEventType.PURCHASE, T0.plus(HOUR.multipliedBy(2)))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-bob-1").setRevenue(40.0).build())
            .build());

    // 10 x log10(10 000) + 2 (share) + 5 (visitor) + 20 (buyer) = 67
    assertThat(f.latest("ann").getInfluence().getValue()).isEqualTo(67.0);
    assertThat(f.latest("ann").getLeadTypes().getInfluence()).isEqualTo(InfluenceType.INFLUENCER);
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(
            c ->
                c.getVisitorId()
                    + " "
                    + c.getChange()
                    + " "
                    + c.getSegmentId()
                    + " ("
                    + c.getCause()
                    + ")")
        .containsExactly("ann ENTERED influencers (referral credit purchase:ann-code:bob:o-bob-1)");
  }

  @Test
  void
      erasingASharerDeletesTheirCodeAndEveryLedgerEntryUnderItAndTheirOwnEntryUnderTheCodeTheyCameWith() {
    share("zoe", "zoe-code", T0);
    arrive("ann", "zoe-code", T0.plusSeconds(10));
    share("ann", "ann-code", T0.plusSeconds(20));
    arrive("bob", "ann-code", T0.plus(HOUR));
    buy("bob", 120, T0.plus(HOUR.multipliedBy(2)));
    arrive("carl", "zoe-code", T0.plus(HOUR));
    assertThat(codes()).containsEntry("ann-code", "ann").containsEntry("zoe-code", "zoe");
    assertThat(ledgerKeys())
        .containsExactlyInAnyOrder("8:ann-code:bob", "8:zoe-code:ann", "8:zoe-code:carl");

    f.command(IdentityCommandKind.ERASE, null, "ann", T0.plus(HOUR.multipliedBy(3)));

    assertThat(codes()).containsExactly(entry("zoe-code", "zoe"));
    assertThat(ledgerKeys()).containsExactly("8:zoe-code:carl");
    // zoe keeps the credit she earned (counts only, no id of ann's in it).
    assertThat(influence(f.latest("zoe")))
        .isEqualTo("2 visitors, 0 buyers, 0.0 revenue, score 12.0 AMPLIFIER");
  }

  @Test
  void erasingAReferredVisitorDeletesOnlyTheirEntryAndTheSharerIsStillCreditedForOthers() {
    share("ann", "ann-code", T0);
    arrive("bob", "ann-code", T0.plus(HOUR));
    arrive("carl", "ann-code", T0.plus(HOUR));

    f.command(IdentityCommandKind.ERASE, null, "bob", T0.plus(HOUR.multipliedBy(2)));
    arrive("dave", "ann-code", T0.plus(HOUR.multipliedBy(3)));

    assertThat(codes()).containsExactly(entry("ann-code", "ann"));
    assertThat(ledgerKeys()).containsExactlyInAnyOrder("8:ann-code:carl", "8:ann-code:dave");
    assertThat(influence(f.latest("ann")))
        .isEqualTo("3 visitors, 0 buyers, 0.0 revenue, score 17.0 AMPLIFIER");
  }

  private Map<String, String> codes() {
    Map<String, String> all = new HashMap<>();
    KeyValueStore<String, String> store = f.driver.getKeyValueStore(Stores.REFERRAL_CODE_STORE);
    try (var it = store.all()) {
      it.forEachRemaining(kv -> all.put(kv.key, kv.value));
    }
    return all;
  }

  private List<String> ledgerKeys() {
    List<String> keys = new ArrayList<>();
    KeyValueStore<String, LedgerEntry> store =
        f.driver.getKeyValueStore(Stores.REFERRAL_LEDGER_STORE);
    try (var it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }
}
