package io.leadpipe.scoring.topology;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.profile.CategoryInterest;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.schemas.profile.ScoreSnapshot;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.testing.TopologyFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a profile holds beyond the scores: sessions, counters, cart, categories, RFM, lead types,
 * explanation, history.
 */
class ProfileCompletenessTest {

  private static final Duration DAY = Duration.ofDays(1);

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private static Product product(String id, double price, int quantity) {
    return Product.newBuilder().setProductId(id).setPrice(price).setQuantity(quantity).build();
  }

  @Test
  void aWebSessionEndsAfterThirtyMinutesWithoutWebEventsAndLateEventsOpenNone() {
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(Duration.ofMinutes(10)));
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(Duration.ofMinutes(45)));
    f.send(f.socialEvent("v1", SocialKind.LIKE, T0.plus(Duration.ofMinutes(120))).build());
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(Duration.ofMinutes(130)));
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(Duration.ofMinutes(100)));

    assertThat(f.profiles.readValuesToList())
        .extracting(p -> p.getActivity().getSessions())
        .containsExactly(1, 1, 2, 2, 3, 3);
  }

  @Test
  void countersCouponSearchesAndTheBargainHuntersSegment() {
    var bargainHunters =
        DefaultSegments.ALL.stream()
            .filter(d -> d.segmentId().equals("bargain-hunters"))
            .findFirst()
            .orElseThrow();
    f.define(bargainHunters.segmentId(), bargainHunters.rule());
    f.send("v1", WebEventType.SEARCH, T0);
    f.send("v1", WebEventType.COUPON_SEARCH, T0.plusSeconds(1));
    f.send("v1", WebEventType.REVIEW_READ, T0.plusSeconds(2));
    f.send("v1", WebEventType.COUPON_SEARCH, T0.plusSeconds(3));

    var a = f.latest("v1").getActivity();
    assertThat(List.of(a.getSearches(), a.getCouponSearches(), a.getReviewsRead()))
        .containsExactly(1, 2, 1);
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getChange() + " " + c.getSegmentId())
        .containsExactly("ENTERED bargain-hunters");
  }

  @Test
  void theCartFollowsAddsRemovesCheckoutAndPurchase() {
    f.send(f.webEvent("v1", WebEventType.CART_ADD, T0).setProduct(product("A", 50, 1)).build());
    f.send(
        f.webEvent("v1", WebEventType.CART_ADD, T0.plusSeconds(1))
            .setProduct(product("B", 20, 2))
            .build());
    f.send(
        f.webEvent("v1", WebEventType.CART_ADD, T0.plusSeconds(2))
            .setProduct(product("A", 50, 1))
            .build());
    f.send(
        f.webEvent("v1", WebEventType.CART_REMOVE, T0.plusSeconds(3))
            .setProduct(product("A", 50, 1))
            .build());

    var a = f.latest("v1").getActivity();
    assertThat(a.getCart())
        .extracting(Product::getProductId, Product::getQuantity)
        .containsExactly(tuple("A", 1), tuple("B", 2));
    assertThat(a.getCartValue()).isEqualTo(90.0);
    assertThat(List.of(a.getCartAdds(), a.getCartRemoves())).containsExactly(3, 1);

    f.send(
        f.webEvent("v1", WebEventType.CHECKOUT_STARTED, T0.plusSeconds(4))
            .setItems(List.of(product("B", 20, 3)))
            .build());
    assertThat(f.latest("v1").getActivity().getCartValue()).isEqualTo(60.0);
    assertThat(f.latest("v1").getActivity().getCheckoutsStarted()).isEqualTo(1);

    f.purchase("v1", 60, T0.plusSeconds(5));
    assertThat(f.latest("v1").getActivity().getCart()).isEmpty();
    assertThat(f.latest("v1").getActivity().getCartValue()).isZero();
  }

  @Test
  void mostViewedCategoriesAreListedAndTheTopThreeCountAsInterests() {
    for (String category : List.of("shoes", "bags", "shoes", "hats", "belts", "bags", "shoes")) {
      f.productView("v1", category, T0.plusSeconds(category.length()));
    }

    ProspectProfile p = f.latest("v1");
    assertThat(p.getTopCategories())
        .extracting(CategoryInterest::getCategory, CategoryInterest::getViews)
        .containsExactly(tuple("shoes", 3), tuple("bags", 2), tuple("belts", 1), tuple("hats", 1));
    assertThat(p.getInterests()).containsExactly("shoes", "bags", "belts");
    // Shoes are a target interest: behaviour counts toward fit (half the interest weight for one
    // match).
    assertThat(p.getFit().getFactors())
        .filteredOn(x -> x.getSignal().equals("interests"))
        .extracting(x -> x.getPoints())
        .containsExactly(7.5);
  }

  @Test
  void eachPurchaseFrequencyAndVolumeLeadTypeAndRfm() {
    f.send("none", WebEventType.PAGE_VIEW, T0);
    f.purchase("once", 80, T0);
    f.purchase("quarterly", 75, T0);
    f.purchase("quarterly", 75, T0.plus(DAY.multipliedBy(60)));
    f.purchase("rarely", 30, T0);
    f.purchase("rarely", 30, T0.plus(DAY.multipliedBy(120)));
    for (int i = 0; i < 3; i++) {
      f.purchase("monthly", 200, T0.plus(DAY.multipliedBy(10L * i)));
    }

    assertThat(List.of("none", "once", "quarterly", "rarely", "monthly"))
        .extracting(
            v -> f.latest(v).getLeadTypes().getPurchaseFrequency(),
            v -> f.latest(v).getLeadTypes().getPurchaseVolume())
        .containsExactly(
            tuple(PurchaseFrequency.NONE, PurchaseVolume.NONE),
            tuple(PurchaseFrequency.OCCASIONAL, PurchaseVolume.LOW),
            tuple(PurchaseFrequency.REGULAR, PurchaseVolume.MEDIUM),
            tuple(PurchaseFrequency.OCCASIONAL, PurchaseVolume.LOW),
            tuple(PurchaseFrequency.FREQUENT, PurchaseVolume.HIGH));
    var rfm = f.latest("monthly").getRfm();
    assertThat(List.of(rfm.getRecencyDays(), rfm.getFrequency(), rfm.getItemsBought()))
        .containsExactly(0, 3, 0);
    assertThat(List.of(rfm.getMonetary(), rfm.getAverageOrderValue()))
        .containsExactly(600.0, 200.0);
    assertThat(List.of(rfm.getRecencyScore(), rfm.getFrequencyScore(), rfm.getMonetaryScore()))
        .containsExactly(5, 3, 4);
  }

  @Test
  void theExplanationNamesEachSignalsPointsAndTimeAndTheHistoryKeepsDaysAndJumps() {
    f.send("v1", WebEventType.PRODUCT_VIEW, T0);
    f.send("v1", WebEventType.CART_ADD, T0.plusSeconds(60));
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(DAY));
    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(DAY).plusSeconds(60));

    ProspectProfile p = f.latest("v1");
    assertThat(p.getEngagement().getValue()).isEqualTo(14.2);
    assertThat(p.getEngagement().getFactors())
        .extracting(x -> x.getSignal(), x -> x.getPoints(), x -> x.getAt())
        .containsExactly(
            tuple("ADD_TO_CART", 9.52, T0.plusSeconds(60)),
            tuple("PRODUCT_VIEW", 2.72, T0),
            tuple("PAGE_VIEW", 2.0, T0.plus(DAY).plusSeconds(60)));
    // Day 0: 3, then the cart's jump of 10 keeps its own snapshot; day 1: the day's latest.
    assertThat(p.getScoreHistory())
        .extracting(ScoreSnapshot::getAt, ScoreSnapshot::getEngagement)
        .containsExactly(
            tuple(T0, 3.0),
            tuple(T0.plusSeconds(60), 13.0),
            tuple(T0.plus(DAY).plusSeconds(60), 14.2));
  }
}
