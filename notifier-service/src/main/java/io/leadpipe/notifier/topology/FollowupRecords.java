package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.sequence.FollowupSequence.Decided;
import io.leadpipe.notifier.sequence.FollowupSequence.Detection;
import io.leadpipe.notifier.sequence.FollowupSequence.Purchase;
import io.leadpipe.notifier.sequence.FollowupSequence.Resolution;
import io.leadpipe.notifier.sequence.FollowupSequence.Send;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationResolution;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Avro side of the follow-up sequence: input records into its inputs, its outputs into
 * published records.
 */
final class FollowupRecords {
  private FollowupRecords() {}

  static Detection detection(Hesitation h) {
    return new Detection(
        h.getHesitationId(),
        h.getKind(),
        h.getPrimaryReason(),
        h.getDetectedAt(),
        h.getStartedAt());
  }

  /**
   * A hesitation that is no longer DETECTED; without a resolution it counts at its last activity.
   */
  static Resolution resolution(Hesitation h) {
    HesitationResolution r = h.getResolution();
    return r == null
        ? new Resolution(
            h.getHesitationId(), h.getStatus(), null, null, null, h.getLastActivityAt())
        : new Resolution(
            h.getHesitationId(),
            h.getStatus(),
            r.getOutcome(),
            r.getOrderId(),
            r.getRevenue(),
            r.getResolvedAt());
  }

  /** A PURCHASE event; its revenue, else its total, is what the attributed play recovered. */
  static Purchase purchase(WebEvent e) {
    OrderInfo order = e.getOrder();
    return new Purchase(
        order == null ? null : order.getOrderId(),
        order == null ? null : order.getRevenue() != null ? order.getRevenue() : order.getTotal(),
        e.getEventTime());
  }

  static FollowupDecision decision(String visitor, Decided d) {
    // Deterministic: the same step decided the same way gets the same id, so consumers can dedupe
    // replays.
    // A decision with no step (HELD_OUT) is one per hesitation.
    String id =
        (d.triggerId() != null ? d.triggerId() : d.hesitationId())
            + ":"
            + d.outcome()
            + ":"
            + d.reason()
            + (d.delayedUntil() != null ? ":" + d.delayedUntil().toEpochMilli() : "")
            + (d.orderId() != null ? ":" + d.orderId() : "");
    return FollowupDecision.newBuilder()
        .setDecisionId(id)
        .setVisitorId(visitor)
        .setHesitationId(d.hesitationId())
        .setTriggerId(d.triggerId())
        .setStep(d.triggerId() == null ? null : d.step())
        .setPlay(d.play())
        .setChannel(d.channel())
        .setOutcome(d.outcome())
        .setReason(d.reason())
        .setDetail(d.detail())
        .setDecidedAt(d.at())
        .setDelayedUntil(d.delayedUntil())
        .setHesitationReason(d.hesitationReason())
        .setOrderId(d.orderId())
        .setRevenue(d.revenue())
        .setStrategyId(d.strategy() == null ? null : d.strategy().strategyId())
        .setStrategyVersion(d.strategy() == null ? null : d.strategy().version())
        .setVariantId(d.strategy() == null ? null : d.strategy().variantId())
        .build();
  }

  /**
   * The trigger for a send, with what a marketing system needs from the profile (user id, score,
   * segments) and the detected hesitation (reasons with evidence, products, cart); either may be
   * missing.
   */
  static FollowupTrigger trigger(
      String visitor, Send send, Hesitation h, FollowupProfile p, SurveyLinks surveys) {
    FollowupTrigger.Builder b =
        FollowupTrigger.newBuilder()
            .setTriggerId(send.triggerId())
            .setVisitorId(visitor)
            .setUserId(
                p != null && p.userId() != null ? p.userId() : h == null ? null : h.getUserId())
            .setHesitationId(send.hesitationId())
            .setHesitationKind(send.kind())
            .setChannel(send.channel())
            .setPlay(send.play())
            .setStep(send.step())
            .setReason(send.reason())
            .setEngagementScore(p == null ? 0.0 : p.engagement())
            .setSegments(p == null ? List.of() : p.segments())
            .setCreatedAt(send.at())
            .setDeadline(send.deadline())
            .setAttributes(attributes(visitor, send, h, p, surveys));
    if (h != null) {
      b.setReasons(h.getReasons())
          .setProducts(h.getProducts())
          .setCartValue(h.getCartValue())
          .setCurrency(h.getCurrency());
    }
    return b.build();
  }

  /**
   * The play's parameters, and for a survey the link to ingest's hosted page for this visitor and
   * step (when links are configured).
   */
  private static Map<String, String> attributes(
      String visitor, Send send, Hesitation h, FollowupProfile p, SurveyLinks surveys) {
    Map<String, String> attributes = new HashMap<>(send.attributes());
    if (send.play() == FollowupPlay.SURVEY && surveys != null) {
      String userId =
          p != null && p.userId() != null ? p.userId() : h == null ? null : h.getUserId();
      attributes.put(
          SurveyLinks.ATTRIBUTE,
          surveys.linkFor(send.triggerId(), visitor, userId, send.hesitationId(), null, send.at()));
    }
    return attributes;
  }
}
