package io.leadpipe.scoring.topology;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks for hesitating buyers: detections set the stage and current hesitation, answers set the
 * stated reason.
 */
class HesitationHookTest {

  private static final Instant DETECTED = T0.plus(Duration.ofHours(1));

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private void engagedVisitorWithACart() {
    f.send("v1", WebEventType.CART_ADD, T0);
    f.send("v1", WebEventType.CHECKOUT_STARTED, T0.plusSeconds(30));
  }

  @Test
  void aDetectedHesitationMakesAHesitatingBuyerAndShowsInTheProfile() {
    engagedVisitorWithACart();
    assertThat(f.latest("v1").getStage()).isEqualTo(LifecycleStage.ENGAGED_PROSPECT);

    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED);

    ProspectProfile p = f.latest("v1");
    assertThat(p.getStage()).isEqualTo(LifecycleStage.HESITATING_BUYER);
    var h = p.getCurrentHesitation();
    assertThat(h.getHesitationId()).isEqualTo("h-1");
    assertThat(h.getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
    assertThat(h.getDetectedAt()).isEqualTo(DETECTED);
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.SHIPPING);
    assertThat(h.getReasons())
        .extracting(r -> r.getReason(), r -> r.getConfidence())
        .containsExactly(tuple(HesitationReason.SHIPPING, 0.8), tuple(HesitationReason.PRICE, 0.4));
    // A hesitation is not the visitor's own activity: last seen stays at the checkout.
    assertThat(p.getLastSeen()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void resolvedOrClosedClearsItAndARedeliveredDetectionDoesNotReopenIt() {
    engagedVisitorWithACart();
    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED);
    f.hesitation("v1", "h-1", HesitationStatus.CLOSED, DETECTED.plusSeconds(60));
    assertThat(f.latest("v1").getCurrentHesitation()).isNull();
    assertThat(f.latest("v1").getStage()).isEqualTo(LifecycleStage.ENGAGED_PROSPECT);

    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED);
    assertThat(f.latest("v1").getCurrentHesitation()).isNull();

    f.hesitation("v1", "h-2", HesitationStatus.DETECTED, DETECTED.plus(Duration.ofDays(1)));
    assertThat(f.latest("v1").getCurrentHesitation().getHesitationId()).isEqualTo("h-2");
    f.hesitation("v1", "h-2", HesitationStatus.RESOLVED, DETECTED.plus(Duration.ofDays(2)));
    assertThat(f.latest("v1").getCurrentHesitation()).isNull();
  }

  @Test
  void aPurchaseAfterTheHesitationMovesTheStageOnWithoutWaitingForTheResolution() {
    engagedVisitorWithACart();
    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED);
    f.purchase("v1", 99, DETECTED.plusSeconds(600));

    ProspectProfile p = f.latest("v1");
    assertThat(p.getStage()).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(p.getCurrentHesitation()).isNull();
    assertThat(p.getActivity().getCart()).isEmpty();
    // The detector's resolution arriving afterwards changes nothing.
    f.hesitation("v1", "h-1", HesitationStatus.RESOLVED, DETECTED.plusSeconds(700));
    assertThat(f.latest("v1").getStage()).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(f.latest("v1").getCurrentHesitation()).isNull();
  }

  @Test
  void aSurveyAnswerSetsTheStatedReasonAndAnUnknownAnswerKeepsIt() {
    engagedVisitorWithACart();
    f.send(
        f.webEvent("v1", WebEventType.FEEDBACK_ANSWER, DETECTED.plusSeconds(10))
            .setFeedback(
                FeedbackAnswer.newBuilder().setStatedReason(HesitationReason.PRICE).build())
            .build());
    f.send(
        f.webEvent("v1", WebEventType.FEEDBACK_ANSWER, DETECTED.plusSeconds(20))
            .setFeedback(FeedbackAnswer.newBuilder().setComment("just looking").build())
            .build());

    ProspectProfile p = f.latest("v1");
    assertThat(p.getStatedReason()).isEqualTo(HesitationReason.PRICE);
    assertThat(p.getStatedReasonAt()).isEqualTo(DETECTED.plusSeconds(10));
  }

  @Test
  void segmentRulesSeeTheOpenHesitationAndTheStatedReason() {
    f.define(
        "shipping-doubts",
        "{\"any\":[{\"attr\":\"hesitation.primaryReason\",\"op\":\"eq\",\"value\":\"SHIPPING\"},"
            + "{\"attr\":\"statedReason\",\"op\":\"eq\",\"value\":\"SHIPPING\"}]}");
    engagedVisitorWithACart();
    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED);
    f.hesitation("v1", "h-1", HesitationStatus.CLOSED, DETECTED.plusSeconds(60));
    var answer =
        f.send(
            f.webEvent("v1", WebEventType.FEEDBACK_ANSWER, DETECTED.plusSeconds(90))
                .setFeedback(
                    FeedbackAnswer.newBuilder().setStatedReason(HesitationReason.SHIPPING).build())
                .build());

    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getChange() + " " + c.getCause())
        .containsExactly(
            "ENTERED hesitation h-1 DETECTED",
            "EXITED hesitation h-1 CLOSED",
            "ENTERED " + answer.getMessageId());
  }
}
