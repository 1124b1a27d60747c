package io.leadpipe.hesitation.reason;

import static io.leadpipe.schemas.common.HesitationReason.PRICE;
import static io.leadpipe.schemas.common.HesitationReason.QUALITY;
import static io.leadpipe.schemas.common.HesitationReason.REVIEWS;
import static io.leadpipe.schemas.common.HesitationReason.SHIPPING;
import static io.leadpipe.schemas.common.HesitationReason.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonInferenceTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
  private final ReasonInference inference = new ReasonInference(ReasonRules.defaults());

  private static Observation seen(BehaviourSignal signal, int minutesBefore) {
    return new Observation(
        signal,
        T.minus(Duration.ofMinutes(minutesBefore)),
        "m-" + signal + "-" + minutesBefore,
        null);
  }

  @Test
  void oneHintGivesItsWeightAndIndependentHintsCombineAsNoisyOr() {
    assertThat(inference.infer(List.of(seen(BehaviourSignal.PRICE_COMPARISON, 5)), T))
        .extracting(LikelyReason::reason, LikelyReason::confidence)
        .containsExactly(tuple(PRICE, 0.6));
    // 1 - (1 - 0.5)(1 - 0.6) = 0.8
    assertThat(
            inference.infer(
                List.of(
                    seen(BehaviourSignal.COUPON_SEARCH, 9),
                    seen(BehaviourSignal.PRICE_COMPARISON, 5)),
                T))
        .extracting(LikelyReason::reason, LikelyReason::confidence)
        .containsExactly(tuple(PRICE, 0.8));
  }

  @Test
  void reasonsComeMostConfidentFirstEachWithItsEvidenceNewestFirst() {
    List<LikelyReason> reasons =
        inference.infer(
            List.of(
                seen(BehaviourSignal.REVIEW_READ, 30),
                seen(BehaviourSignal.SHIPPING_INFO_VIEWED, 20),
                seen(BehaviourSignal.SHIPPING_TOTAL_JUMP, 10),
                seen(BehaviourSignal.RETURNS_VIEWED, 8),
                seen(BehaviourSignal.WARRANTY_VIEWED, 7)),
            T);

    assertThat(reasons)
        .extracting(LikelyReason::reason, LikelyReason::confidence)
        .containsExactly(
            tuple(SHIPPING, 0.76), // 1 - 0.6 * 0.4
            tuple(QUALITY, 0.64), // 1 - 0.6 * 0.6
            tuple(REVIEWS, 0.4));
    assertThat(reasons.get(0).evidence())
        .extracting(Observation::signal)
        .containsExactly(BehaviourSignal.SHIPPING_TOTAL_JUMP, BehaviourSignal.SHIPPING_INFO_VIEWED);
  }

  @Test
  void nothingAboveTheThresholdIsUnknownAndNearMissesLowerItsConfidence() {
    assertThat(inference.infer(List.of(), T))
        .extracting(LikelyReason::reason, LikelyReason::confidence, r -> r.evidence().size())
        .containsExactly(tuple(UNKNOWN, 1.0, 0));

    ReasonInference strict = new ReasonInference(ReasonRules.defaults().withMinConfidence(0.5));
    assertThat(strict.infer(List.of(seen(BehaviourSignal.REVIEW_READ, 5)), T))
        .extracting(LikelyReason::reason, LikelyReason::confidence)
        .containsExactly(tuple(UNKNOWN, 0.6));
  }

  @Test
  void behaviourOlderThanTheLookbackBeforeTheLastActivityDoesNotCount() {
    Observation old =
        new Observation(
            BehaviourSignal.PRICE_COMPARISON, T.minus(Duration.ofDays(8)), "m-old", null);
    assertThat(inference.infer(List.of(old), T))
        .extracting(LikelyReason::reason)
        .containsExactly(UNKNOWN);
    assertThat(inference.infer(List.of(old), T.minus(Duration.ofDays(2))))
        .extracting(LikelyReason::reason)
        .containsExactly(PRICE);
  }

  @Test
  void onlyTheNewestFewOccurrencesOfOneBehaviourCount() {
    List<Observation> tenReviews =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> seen(BehaviourSignal.REVIEW_READ, i))
            .toList();
    LikelyReason reviews = inference.infer(tenReviews, T).get(0);
    // 3 counted: 1 - 0.6^3
    assertThat(reviews.confidence()).isEqualTo(0.784);
    assertThat(reviews.evidence())
        .extracting(Observation::messageId)
        .containsExactly("m-REVIEW_READ-0", "m-REVIEW_READ-1", "m-REVIEW_READ-2");
  }

  @Test
  void rulesAreConfigurationABehaviourCanBeMovedToAnotherReasonOrSilenced() {
    ReasonRules rules =
        ReasonRules.defaults()
            .withRule(BehaviourSignal.RETURNS_VIEWED, new ReasonRules.ReasonRule(PRICE, 0.7))
            .withRule(BehaviourSignal.REVIEW_READ, new ReasonRules.ReasonRule(REVIEWS, 0));
    List<LikelyReason> reasons =
        new ReasonInference(rules)
            .infer(
                List.of(
                    seen(BehaviourSignal.RETURNS_VIEWED, 5), seen(BehaviourSignal.REVIEW_READ, 4)),
                T);
    assertThat(reasons)
        .extracting(LikelyReason::reason, LikelyReason::confidence)
        .containsExactly(tuple(PRICE, 0.7));
  }

  @Test
  void equalConfidenceIsBrokenByTheMostRecentEvidence() {
    List<LikelyReason> reasons =
        inference.infer(
            List.of(
                seen(BehaviourSignal.REVIEW_READ, 30),
                seen(BehaviourSignal.SHIPPING_INFO_VIEWED, 5)),
            T);
    assertThat(reasons).extracting(LikelyReason::reason).containsExactly(SHIPPING, REVIEWS);
  }

  @Test
  void invalidRulesAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> new ReasonRules.ReasonRule(HesitationReason.UNKNOWN, 0.5))
        .hasMessageContaining("UNKNOWN");
    assertThatThrownBy(() -> new ReasonRules.ReasonRule(PRICE, 1.5)).hasMessageContaining("0..1");
    assertThatThrownBy(() -> ReasonRules.defaults().withMinConfidence(0))
        .hasMessageContaining("minConfidence");
  }
}
