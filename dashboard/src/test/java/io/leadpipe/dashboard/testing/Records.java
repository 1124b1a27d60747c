package io.leadpipe.dashboard.testing;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.UUID;

/** Contract records as the services write them, with only the fields a test cares about to set. */
public final class Records {
  public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private Records() {}

  public static SegmentChange entered(String visitor, String segmentId, String segmentName) {
    return change(visitor, segmentId, segmentName, SegmentChangeType.ENTERED);
  }

  public static SegmentChange exited(String visitor, String segmentId, String segmentName) {
    return change(visitor, segmentId, segmentName, SegmentChangeType.EXITED);
  }

  private static SegmentChange change(
      String visitor, String segmentId, String segmentName, SegmentChangeType type) {
    return SegmentChange.newBuilder()
        .setVisitorId(visitor)
        .setSegmentId(segmentId)
        .setSegmentName(segmentName)
        .setChange(type)
        .setAt(T0)
        .build();
  }

  public static Hesitation hesitation(
      String visitor, HesitationStatus status, HesitationReason reason) {
    return Hesitation.newBuilder()
        .setHesitationId("h-" + UUID.randomUUID())
        .setVisitorId(visitor)
        .setKind(HesitationKind.CART_ABANDONED)
        .setStatus(status)
        .setStartedAt(T0)
        .setLastActivityAt(T0)
        .setDetectedAt(T0)
        .setPrimaryReason(reason)
        .build();
  }

  public static WebEvent surveyAnswer(String anonymousId, HesitationReason stated, String comment) {
    return webEvent(anonymousId, WebEventType.FEEDBACK_ANSWER, "Feedback Submitted")
        .setFeedback(
            FeedbackAnswer.newBuilder()
                .setQuestion("What kept you from ordering?")
                .setStatedReason(stated)
                .setComment(comment)
                .build())
        .build();
  }

  public static WebEvent.Builder webEvent(String anonymousId, WebEventType type, String name) {
    return WebEvent.newBuilder()
        .setMessageId("m-" + UUID.randomUUID())
        .setAnonymousId(anonymousId)
        .setEventTime(T0)
        .setReceivedAt(T0)
        .setSource("test-shop")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(name);
  }

  public static FollowupDecision decision(
      String visitor,
      DecisionOutcome outcome,
      DecisionReason reason,
      FollowupPlay play,
      Double revenue) {
    return FollowupDecision.newBuilder()
        .setDecisionId("d-" + UUID.randomUUID())
        .setVisitorId(visitor)
        .setOutcome(outcome)
        .setReason(reason)
        .setPlay(play)
        .setRevenue(revenue)
        .setDecidedAt(T0)
        .build();
  }

  /** A decision of a visitor's sequence under a strategy's variant, with a free-text detail. */
  public static FollowupDecision strategyDecision(
      String visitor, String strategyId, String variantId, String detail) {
    return FollowupDecision.newBuilder(
            decision(
                visitor, DecisionOutcome.SENT, DecisionReason.OK, FollowupPlay.FREE_SHIPPING, null))
        .setStep(2)
        .setStrategyId(strategyId)
        .setStrategyVersion(3)
        .setVariantId(variantId)
        .setDetail(detail)
        .build();
  }
}
