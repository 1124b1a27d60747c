package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileViewsTest {

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  private final ProspectProfile profile =
      ProspectProfile.newBuilder()
          .setVisitorId("v-42")
          .setUserId("u-42")
          .setFirstSeen(T)
          .setLastSeen(T.plusSeconds(60))
          .setUpdatedAt(T.plusSeconds(61))
          .setRevision(7)
          .setActivity(Activity.newBuilder().setCartAdds(1).build())
          .setRfm(Rfm.newBuilder().build())
          .setInterests(List.of("shoes"))
          .setTraits(
              Traits.newBuilder()
                  .setEmail("ana@example.com")
                  .setAge(34)
                  .setCountry("DE")
                  .setInterests(List.of("Fashion"))
                  .build())
          .setEngagement(
              Score.newBuilder()
                  .setValue(27)
                  .setFactors(
                      List.of(
                          ScoreFactor.newBuilder()
                              .setSignal("ADD_TO_CART")
                              .setPoints(10)
                              .setAt(T)
                              .build()))
                  .build())
          .setFit(FitScore.newBuilder().setValue(90.6).setGrade(FitGrade.A).build())
          .setInfluence(Influence.newBuilder().setValue(37).build())
          .setLeadTypes(
              LeadTypes.newBuilder().setPurchaseFrequency(PurchaseFrequency.OCCASIONAL).build())
          .setStage(LifecycleStage.ENGAGED_PROSPECT)
          .setSegments(List.of("hot-prospects"))
          .build();

  @Test
  @SuppressWarnings("unchecked")
  void theFullProfileIsTheContractAsJsonWithoutTheEmail() {
    Map<String, Object> json = ProfileViews.full(profile);

    assertThat(json)
        .containsEntry("visitorId", "v-42")
        .containsEntry("revision", 7L)
        .containsEntry("stage", "ENGAGED_PROSPECT")
        .containsEntry("lastSeen", "2026-03-01T10:01:00Z")
        .containsEntry("currentHesitation", null)
        .containsEntry("segments", List.of("hot-prospects"));
    Map<String, Object> traits = (Map<String, Object>) json.get("traits");
    assertThat(traits)
        .doesNotContainKey("email")
        .containsEntry("age", 34)
        .containsEntry("country", "DE");
    Map<String, Object> engagement = (Map<String, Object>) json.get("engagement");
    assertThat((List<Map<String, Object>>) engagement.get("factors"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("signal", "ADD_TO_CART")
                    .containsEntry("points", 10.0)
                    .containsEntry("at", "2026-03-01T10:00:00Z")
                    .containsEntry("detail", null));
    assertThat(((Map<String, Object>) json.get("fit")).get("grade")).isEqualTo("A");
  }

  @Test
  void theSummaryCarriesScoresLeadTypesAndTheExplanation() {
    ProspectSummary s = ProfileViews.summary(profile);

    assertThat(s.visitorId()).isEqualTo("v-42");
    assertThat(s.engagement()).isEqualTo(27);
    assertThat(s.fitGrade()).isEqualTo("A");
    assertThat(s.leadTypes())
        .containsEntry("purchaseFrequency", "OCCASIONAL")
        .containsEntry("influence", "NONE");
    assertThat(s.explanation().engagement())
        .containsExactly(
            new ProspectSummary.Factor("ADD_TO_CART", 10, "2026-03-01T10:00:00Z", null));
  }

  @Test
  void anAudienceMemberHasStatedAndShownInterests() {
    AudienceLens.Member m = ProfileViews.member(profile);
    assertThat(m.stage()).isEqualTo("ENGAGED_PROSPECT");
    assertThat(m.traits().interests()).containsExactlyInAnyOrder("Fashion", "shoes");
    assertThat(m.traits().age()).isEqualTo(34);
  }
}
