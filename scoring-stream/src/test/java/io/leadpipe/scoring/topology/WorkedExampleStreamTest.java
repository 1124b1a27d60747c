package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/scoring.md as events through the topology: the stream publishes the
 * same figures as the plain rules (WorkedExampleTest), and the referral part crosses from the
 * friends' keys to hers.
 */
class WorkedExampleStreamTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant DAY7 = DAY0.plus(Duration.ofDays(7));
  private static final String HER = "v-42";

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void herEventsGiveTheFiguresOfTheDocs() {
    for (int i = 0; i < 3; i++) {
      f.send(HER, WebEventType.PAGE_VIEW, DAY0.plusSeconds(i));
    }
    for (int i = 0; i < 4; i++) {
      f.productView(HER, "shoes", DAY0.plusSeconds(10 + i));
    }
    f.send(HER, WebEventType.SEARCH, DAY0.plusSeconds(20));
    f.send(HER, WebEventType.CART_ADD, DAY0.plusSeconds(30));
    f.identify(
        HER,
        TopologyFixture.traits()
            .setAge(34)
            .setIncomeBand("middle")
            .setCountry("DE")
            .setCity("Hamburg")
            .setInterests(List.of("shoes"))
            .build(),
        DAY0.plusSeconds(40));

    ProspectProfile day0 = f.latest(HER);
    assertThat(day0.getEngagement().getValue()).isEqualTo(27.0);
    assertThat(day0.getStage()).isEqualTo(LifecycleStage.ENGAGED_PROSPECT);
    assertThat(day0.getFit().getValue()).isEqualTo(90.6);
    assertThat(day0.getFit().getGrade()).isEqualTo(FitGrade.A);
    assertThat(day0.getLeadTypes().getProfileFit()).isEqualTo(ProfileFit.TARGET);

    f.send(
        f.webEvent(HER, WebEventType.PAGE_VIEW, DAY7)
            .setContext(EventContext.newBuilder().setPagePath("/careers").build())
            .build());
    assertThat(f.latest(HER).getEngagement().getValue()).isEqualTo(5.6);

    f.send(
        f.webEvent(HER, WebEventType.PURCHASE, DAY7.plusSeconds(60))
            .setItems(
                List.of(
                    Product.newBuilder()
                        .setProductId("boots")
                        .setPrice(40.0)
                        .setQuantity(2)
                        .build()))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-42").setRevenue(80.0).build())
            .build());
    ProspectProfile bought = f.latest(HER);
    assertThat(bought.getEngagement().getValue()).isEqualTo(35.6);
    assertThat(bought.getEngagement().getFactors())
        .extracting(ScoreFactor::getSignal, ScoreFactor::getPoints)
        .containsExactly(
            tuple("PURCHASE", 30.0),
            tuple("CAREERS_PAGE", -10.0),
            tuple("ADD_TO_CART", 7.07),
            tuple("PRODUCT_VIEW", 6.0),
            tuple("PAGE_VIEW", 1.5));
    assertThat(bought.getLeadTypes().getPurchaseFrequency())
        .isEqualTo(PurchaseFrequency.OCCASIONAL);
    assertThat(bought.getLeadTypes().getPurchaseVolume()).isEqualTo(PurchaseVolume.LOW);
    assertThat(
            List.of(
                bought.getRfm().getRecencyScore(),
                bought.getRfm().getFrequencyScore(),
                bought.getRfm().getMonetaryScore()))
        .containsExactly(5, 2, 2);
    assertThat(bought.getStage()).isEqualTo(LifecycleStage.CUSTOMER);

    f.send(
        f.webEvent(HER, WebEventType.PRODUCT_SHARED, DAY7.plusSeconds(120))
            .setReferralCode("v42-code")
            .build());
    for (String friend : List.of("f1", "f2", "f3")) {
      f.send(
          f.webEvent(friend, WebEventType.PAGE_VIEW, DAY7.plus(Duration.ofDays(1)))
              .setReferralCode("v42-code")
              .build());
    }
    f.purchase("f2", 50, DAY7.plus(Duration.ofDays(2)));

    ProspectProfile influential = f.latest(HER);
    assertThat(influential.getInfluence().getValue()).isEqualTo(37.0);
    assertThat(influential.getLeadTypes().getInfluence()).isEqualTo(InfluenceType.AMPLIFIER);
    assertThat(
            List.of(
                influential.getInfluence().getShares(),
                influential.getInfluence().getReferredVisitors(),
                influential.getInfluence().getReferredBuyers()))
        .containsExactly(1, 3, 1);
  }
}
