package io.leadpipe.scoring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.fit.FitScorer;
import io.leadpipe.scoring.fit.Traits;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.influence.InfluenceStats;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier;
import io.leadpipe.scoring.leadtype.LeadTypeRules;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.LifecycleRules;
import io.leadpipe.scoring.lifecycle.LifecycleStage;
import io.leadpipe.scoring.rfm.Rfm;
import io.leadpipe.scoring.rfm.RfmRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps the worked example of docs/scoring.md true: every figure quoted there is asserted here with
 * the defaults.
 */
class WorkedExampleTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant DAY7 = DAY0.plus(Duration.ofDays(7));

  @Test
  void theVisitorOfTheDocs() {
    var rules = EngagementRules.defaults();
    var engagement = new EngagementScorer(rules);
    Map<String, SignalState> s = Map.of();
    for (int i = 0; i < 3; i++) {
      s = engagement.apply(s, "PAGE_VIEW", DAY0.plusSeconds(i));
    }
    for (int i = 0; i < 4; i++) {
      s = engagement.apply(s, "PRODUCT_VIEW", DAY0.plusSeconds(10 + i));
    }
    s = engagement.apply(s, "SEARCH", DAY0.plusSeconds(20));
    s = engagement.apply(s, "ADD_TO_CART", DAY0.plusSeconds(30));
    assertThat(engagement.score(s, DAY0.plusSeconds(30))).isEqualTo(27.0);
    assertThat(LifecycleRules.defaults().stage(PurchaseStats.none(), false, 27.0, DAY0))
        .isEqualTo(LifecycleStage.ENGAGED_PROSPECT);

    assertThat(engagement.score(s, DAY7)).isEqualTo(15.6);
    s = engagement.apply(s, rules.classifyPageView("/careers"), DAY7);
    assertThat(engagement.score(s, DAY7)).isEqualTo(5.6);
    s = engagement.apply(s, "PURCHASE", DAY7.plusSeconds(60));
    assertThat(engagement.score(s, DAY7.plusSeconds(60))).isEqualTo(35.6);
    assertThat(engagement.topFactors(s, DAY7.plusSeconds(60)))
        .extracting(f -> f.signal() + "=" + f.points())
        .containsExactly(
            "PURCHASE=30.0",
            "CAREERS_PAGE=-10.0",
            "ADD_TO_CART=7.07",
            "PRODUCT_VIEW=6.0",
            "PAGE_VIEW=1.5");

    FitResult fit =
        new FitScorer(FitRules.defaults())
            .score(new Traits(34, null, "middle", null, "DE", "Hamburg", Set.of("shoes")));
    assertThat(fit.score()).isEqualTo(90.6);
    assertThat(fit.grade()).isEqualTo(FitResult.Grade.A);
    assertThat(fit.profileFit()).isEqualTo(FitResult.ProfileFit.TARGET);

    var purchases = PurchaseStats.none().plus(DAY7.plusSeconds(60), 80, 2);
    var types = new LeadTypeClassifier(LeadTypeRules.defaults());
    assertThat(types.frequency(purchases))
        .isEqualTo(LeadTypeClassifier.PurchaseFrequency.OCCASIONAL);
    assertThat(types.volume(purchases)).isEqualTo(LeadTypeClassifier.PurchaseVolume.LOW);
    assertThat(Rfm.of(RfmRules.defaults(), 1, 80, DAY7.plusSeconds(60), DAY7.plusSeconds(60)))
        .isEqualTo(new Rfm(5, 2, 2));
    assertThat(LifecycleRules.defaults().stage(purchases, false, 35.6, DAY7.plusSeconds(60)))
        .isEqualTo(LifecycleStage.CUSTOMER);

    var influence =
        InfluenceStats.none()
            .plusShare()
            .plusReferredVisitor()
            .plusReferredVisitor()
            .plusReferredVisitor()
            .plusReferredBuyer();
    assertThat(InfluenceScorer.defaults().score(influence)).isEqualTo(37.0);
    assertThat(InfluenceScorer.defaults().type(influence))
        .isEqualTo(InfluenceScorer.InfluenceType.AMPLIFIER);
  }
}
