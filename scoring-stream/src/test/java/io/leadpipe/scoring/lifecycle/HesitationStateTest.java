package io.leadpipe.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HesitationStateTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private static OpenHesitation hesitation(String id, Instant detectedAt) {
    return new OpenHesitation(
        id,
        "CART_ABANDONED",
        detectedAt,
        detectedAt.minusSeconds(3600),
        "PRICE",
        List.of(new OpenHesitation.LikelyReason("PRICE", 0.7)));
  }

  @Test
  void detectedOpensClosedClearsAndTheClosedOneNeverReopens() {
    var s = HesitationState.none().detected(hesitation("h1", T0));
    assertThat(s.hesitating()).isTrue();

    s = s.closed("h1");
    assertThat(s.hesitating()).isFalse();
    assertThat(s.detected(hesitation("h1", T0)).hesitating()).isFalse();
    assertThat(s.detected(hesitation("h2", T0.plusSeconds(1))).open().hesitationId())
        .isEqualTo("h2");
  }

  @Test
  void aLaterEpisodeReplacesTheOpenOneButAnOlderReportedLateDoesNot() {
    var s = HesitationState.none().detected(hesitation("h2", T0.plusSeconds(100)));
    assertThat(s.detected(hesitation("h1", T0)).open().hesitationId()).isEqualTo("h2");
    assertThat(s.detected(hesitation("h3", T0.plusSeconds(200))).open().hesitationId())
        .isEqualTo("h3");
    assertThat(s.closed("h1").open().hesitationId()).isEqualTo("h2");
  }

  @Test
  void aPurchaseAfterTheHesitatingActivityConvertsItAndOneBeforeDoesNot() {
    var s = HesitationState.none().detected(hesitation("h1", T0));
    assertThat(s.purchased(T0.minusSeconds(7200)).hesitating()).isTrue();
    var bought = s.purchased(T0.minusSeconds(60));
    assertThat(bought.hesitating()).isFalse();
    assertThat(bought.lastClosedId()).isEqualTo("h1");
  }

  @Test
  void theLatestStatedReasonWins() {
    var s = HesitationState.none().stated("PRICE", T0.plusSeconds(10)).stated("SHIPPING", T0);
    assertThat(s.statedReason()).isEqualTo("PRICE");
    assertThat(s.stated("QUALITY", T0.plusSeconds(20)).statedReason()).isEqualTo("QUALITY");
  }

  private static OpenHesitation hesitation(String id, Instant detectedAt, String primary) {
    return new OpenHesitation(id, "CART_ABANDONED", detectedAt, detectedAt, primary, List.of());
  }

  @Test
  void anAnswerIsPairedWithTheReasonInferredForTheLatestEpisodeOpenOrClosed() {
    var open = HesitationState.none().detected(hesitation("h1", T0, "SHIPPING"));
    assertThat(open.stated("PRICE", T0.plusSeconds(10)).inferredReasonAtStatement())
        .isEqualTo("SHIPPING");

    // Answered after the episode closed (the survey came with a follow-up): still its reason.
    var closed = open.closed("h1").stated("PRICE", T0.plusSeconds(10));
    assertThat(closed.inferredReasonAtStatement()).isEqualTo("SHIPPING");

    // A later episode with another reason does not rewrite what was inferred at the answer.
    var later = closed.detected(hesitation("h2", T0.plusSeconds(100), "QUALITY"));
    assertThat(later.inferredReasonAtStatement()).isEqualTo("SHIPPING");
    assertThat(later.stated("QUALITY", T0.plusSeconds(200)).inferredReasonAtStatement())
        .isEqualTo("QUALITY");
  }

  @Test
  void anAnswerBeforeAnyDetectionHasNoInferredReason() {
    var s = HesitationState.none().stated("PRICE", T0);
    assertThat(s.statedReason()).isEqualTo("PRICE");
    assertThat(s.inferredReasonAtStatement()).isNull();
  }

  @Test
  void anOlderEpisodeReportedAfterALaterOneClosedDoesNotTakeItsReason() {
    var s =
        HesitationState.none()
            .detected(hesitation("h2", T0.plusSeconds(100), "QUALITY"))
            .closed("h2")
            .detected(hesitation("h1", T0, "SHIPPING"));
    assertThat(s.lastInferredReason()).isEqualTo("QUALITY");
    assertThat(s.stated("PRICE", T0.plusSeconds(200)).inferredReasonAtStatement())
        .isEqualTo("QUALITY");
  }

  @Test
  void theStageFollowsPurchasesThenTheOpenHesitationThenEngagement() {
    var rules = LifecycleRules.defaults();
    assertThat(rules.stage(io.leadpipe.scoring.leadtype.PurchaseStats.none(), true, 0, T0))
        .isEqualTo(LifecycleStage.HESITATING_BUYER);
    assertThat(
            rules.stage(
                io.leadpipe.scoring.leadtype.PurchaseStats.none().plus(T0, 10, 1), true, 0, T0))
        .isEqualTo(LifecycleStage.CUSTOMER);
  }
}
