package io.leadpipe.notifier.testing;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationResolution;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test records: a hesitation, a consenting or refusing profile, a purchase, a feedback answer. */
public final class Fixtures {
  private Fixtures() {}

  public static Hesitation detected(
      String visitor, String id, HesitationKind kind, HesitationReason reason, Instant detectedAt) {
    return Hesitation.newBuilder()
        .setHesitationId(id)
        .setVisitorId(visitor)
        .setKind(kind)
        .setStatus(HesitationStatus.DETECTED)
        .setStartedAt(detectedAt.minusSeconds(7200))
        .setLastActivityAt(detectedAt.minusSeconds(3600))
        .setDetectedAt(detectedAt)
        .setProducts(
            List.of(
                Product.newBuilder()
                    .setProductId("p-1")
                    .setName("Trail shoe")
                    .setPrice(89.0)
                    .setQuantity(1)
                    .build()))
        .setCartValue(89.0)
        .setCurrency("EUR")
        .setPrimaryReason(reason)
        .setReasons(
            List.of(ReasonEvidence.newBuilder().setReason(reason).setConfidence(0.8).build()))
        .build();
  }

  public static Hesitation resolved(
      Hesitation detected, ResolutionOutcome outcome, Instant at, String orderId) {
    return Hesitation.newBuilder(detected)
        .setStatus(HesitationStatus.RESOLVED)
        .setResolution(
            HesitationResolution.newBuilder()
                .setOutcome(outcome)
                .setResolvedAt(at)
                .setOrderId(orderId)
                .setRevenue(89.0)
                .build())
        .build();
  }

  public static ProspectProfile profile(
      String visitor, String timezone, Map<String, ConsentStatus> consent) {
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    Map<String, ChannelConsent> c = new java.util.HashMap<>();
    consent.forEach(
        (k, v) -> c.put(k, ChannelConsent.newBuilder().setStatus(v).setUpdatedAt(t).build()));
    return ProspectProfile.newBuilder()
        .setVisitorId(visitor)
        .setUserId("user-" + visitor)
        .setFirstSeen(t)
        .setLastSeen(t)
        .setUpdatedAt(t)
        .setActivity(Activity.newBuilder().build())
        .setRfm(Rfm.newBuilder().build())
        .setTraits(Traits.newBuilder().setTimezone(timezone).setConsent(c).build())
        .setEngagement(Score.newBuilder().setValue(42.0).build())
        .setFit(FitScore.newBuilder().build())
        .setInfluence(Influence.newBuilder().build())
        .setLeadTypes(LeadTypes.newBuilder().build())
        .setSegments(List.of("returning"))
        .build();
  }

  public static ProspectProfile consenting(String visitor, String timezone) {
    return profile(visitor, timezone, Map.of("email", ConsentStatus.GRANTED));
  }

  public static WebEvent purchase(String visitor, String orderId, Instant at) {
    return web(visitor, WebEventType.PURCHASE, at)
        .setOrder(
            OrderInfo.newBuilder().setOrderId(orderId).setRevenue(89.0).setCurrency("EUR").build())
        .build();
  }

  public static WebEvent feedback(
      String visitor, HesitationReason stated, String followupId, Instant at) {
    return web(visitor, WebEventType.FEEDBACK_ANSWER, at)
        .setFeedback(
            FeedbackAnswer.newBuilder().setFollowupId(followupId).setStatedReason(stated).build())
        .build();
  }

  private static WebEvent.Builder web(String visitor, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(visitor + "-" + type + "-" + at.toEpochMilli())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name());
  }
}
