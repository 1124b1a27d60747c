package io.leadpipe.notifier.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupTrigger;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Rule: a trigger's final fate at an endpoint → one {@link FollowupDelivery}: DELIVERED on a 2xx,
 * FAILED once it is dead-lettered (refused, or the retry schedule used up), naming the trigger, the
 * strategy, version and variant it was sent under, the attempts and the last HTTP status. Never the
 * endpoint's URL or anything about the person but the visitor id (the key).
 *
 * @param strategyVersion null when the trigger names no strategy
 */
record DeliveryReport(
    String visitorId,
    String triggerId,
    String hesitationId,
    String strategyId,
    Integer strategyVersion,
    String variantId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The trigger attributes the notifier sets on every follow-up of a strategy. */
  static final String STRATEGY_ID = "strategy-id";

  static final String STRATEGY_VERSION = "strategy-version";
  static final String VARIANT = "variant";

  static DeliveryReport of(FollowupTrigger t) {
    Map<String, String> a = t.getAttributes();
    return new DeliveryReport(
        t.getVisitorId(),
        t.getTriggerId(),
        t.getHesitationId(),
        a.get(STRATEGY_ID),
        version(a.get(STRATEGY_VERSION)),
        a.get(VARIANT));
  }

  /**
   * A replayed dead letter holds only the webhook body ({@link WebhookPayload}): the same facts are
   * read back from it; what is missing stays null.
   */
  static DeliveryReport ofBody(String visitorId, String triggerId, String body) {
    try {
      JsonNode data = JSON.readTree(body).path("data");
      JsonNode a = data.path("attributes");
      return new DeliveryReport(
          visitorId,
          triggerId,
          text(data.path("hesitationId")),
          text(a.path(STRATEGY_ID)),
          version(text(a.path(STRATEGY_VERSION))),
          text(a.path(VARIANT)));
    } catch (IOException e) {
      return new DeliveryReport(visitorId, triggerId, null, null, null, null);
    }
  }

  FollowupDelivery record(
      String endpoint,
      DeliveryOutcome outcome,
      int attempts,
      int lastStatus,
      String error,
      Instant at) {
    return FollowupDelivery.newBuilder()
        .setDeliveryId(triggerId + "@" + endpoint)
        .setTriggerId(triggerId)
        .setVisitorId(visitorId)
        .setHesitationId(hesitationId)
        .setEndpoint(endpoint)
        .setOutcome(outcome)
        .setAttempts(attempts)
        .setHttpStatus(lastStatus == Verdict.NO_RESPONSE ? null : lastStatus)
        .setError(outcome == DeliveryOutcome.DELIVERED ? null : error)
        .setAt(at)
        .setStrategyId(strategyId)
        .setStrategyVersion(strategyVersion)
        .setVariantId(variantId)
        .build();
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  private static Integer version(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
