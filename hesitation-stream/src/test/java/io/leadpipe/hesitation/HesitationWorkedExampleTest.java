package io.leadpipe.hesitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.Evidence;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/hesitations.md, figure by figure, so the page cannot drift from the
 * code.
 */
class HesitationWorkedExampleTest {

  private static Instant at(String time) {
    return Instant.parse("2026-11-02T" + time + "Z");
  }

  @Test
  void annaLeavesAtTheShippingStepAndBuysTwoDaysLater() {
    HesitationDetector detector = new HesitationDetector(HesitationConfig.defaults());
    VisitorIntent anna = VisitorIntent.of("anna");
    Events e = new Events("anna");
    Product shoe = Product.newBuilder(Events.SHOE).setQuantity(1).build();

    detector.onWebEvent(anna, e.view(Events.SHOE, at("10:00:00")));
    detector.onWebEvent(anna, e.about(WebEventType.REVIEW_READ, Events.SHOE, at("10:02:00")));
    detector.onWebEvent(anna, e.add(Events.SHOE, at("10:03:00")));
    detector.onWebEvent(anna, e.checkoutStarted(89.0, at("10:05:00"), shoe));
    detector.onWebEvent(anna, e.checkoutStep(2, "shipping", 104.9, 15.9, at("10:06:00")));
    detector.onWebEvent(anna, e.of(WebEventType.SHIPPING_INFO_VIEWED, at("10:07:00")));

    assertThat(detector.nextTimer(anna).orElseThrow().dueAt()).isEqualTo(at("11:07:00"));
    Hesitation h = detector.onTimer(anna, at("11:07:00.300")).emitted().get(0);

    assertThat(h.getKind()).isEqualTo(HesitationKind.CHECKOUT_ABANDONED);
    assertThat(h.getStartedAt()).isEqualTo(at("10:00:00"));
    assertThat(h.getCheckout().getStep()).isEqualTo(2);
    assertThat(h.getCheckout().getStepName()).isEqualTo("shipping");
    assertThat(h.getCartValue()).isEqualTo(89.0);
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.SHIPPING);
    assertThat(h.getReasons())
        .extracting(ReasonEvidence::getReason, ReasonEvidence::getConfidence)
        .containsExactly(
            tuple(HesitationReason.SHIPPING, 0.88), tuple(HesitationReason.REVIEWS, 0.4));
    assertThat(h.getReasons().get(0).getEvidence())
        .extracting(Evidence::getSignal, Evidence::getAt, Evidence::getDetail)
        .containsExactly(
            tuple("SHIPPING_INFO_VIEWED", at("10:07:00"), null),
            tuple("SHIPPING_TOTAL_JUMP", at("10:06:00"), "total 89.00 -> 104.90 (shipping 15.90)"),
            tuple("LEFT_AT_SHIPPING_STEP", at("10:06:00"), "left at checkout step 'shipping'"));
    assertThat(h.getReasons().get(1).getEvidence())
        .extracting(Evidence::getSignal, Evidence::getAt, Evidence::getDetail)
        .containsExactly(tuple("REVIEW_READ", at("10:02:00"), "Trail shoe"));

    Hesitation resolved =
        detector
            .onWebEvent(anna, e.purchase("o-1001", 89.0, Instant.parse("2026-11-04T09:07:00.300Z")))
            .orElseThrow();
    assertThat(resolved.getStatus()).isEqualTo(HesitationStatus.RESOLVED);
    assertThat(resolved.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.CONVERTED);
    assertThat(resolved.getResolution().getTimeToConvertMs())
        .isEqualTo(Duration.ofHours(46).toMillis());
  }
}
