package io.leadpipe.localstack.demo;

import io.leadpipe.localstack.demo.Catalogue.Item;
import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * How a hesitating shopper reacts to a follow-up: most answer a survey with their real reason (some
 * through the hosted survey page, as a visitor with a browser does); a play that removes the real
 * obstacle wins half of them back, any other play none. So the demo's experiment has a known
 * answer: the strategies whose play fits the reason show an uplift against their holdout, the
 * others none (docs/followups.md).
 */
final class FollowupReactions {

  /** Which obstacle each play removes (docs/followups.md). */
  private static final Map<FollowupPlay, HesitationReason> PLAY_ADDRESSES =
      Map.of(
          FollowupPlay.DISCOUNT_OFFER, HesitationReason.PRICE,
          FollowupPlay.PRICE_MATCH, HesitationReason.PRICE,
          FollowupPlay.SOCIAL_PROOF, HesitationReason.REVIEWS,
          FollowupPlay.QUALITY_REASSURANCE, HesitationReason.QUALITY,
          FollowupPlay.FREE_SHIPPING, HesitationReason.SHIPPING);

  static final double SURVEY_ANSWER_PROBABILITY = 0.7;

  /** Of the survey answers, those given on the hosted page when the follow-up links to it. */
  static final double SURVEY_PAGE_SHARE = 0.5;

  static final double MATCHING_PLAY_CONVERSION = 0.5;
  static final String SURVEY_QUESTION = "What kept you from ordering?";

  private FollowupReactions() {}

  /** The play named in a webhook, or empty for a name this demo does not know. */
  static Optional<FollowupPlay> play(String name) {
    try {
      return Optional.of(FollowupPlay.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static double buyProbability(Persona persona, FollowupPlay play) {
    return persona.trueReason() == PLAY_ADDRESSES.get(play) ? MATCHING_PLAY_CONVERSION : 0;
  }

  /**
   * What the shopper does about {@code play}, drawn from {@code random}: answer, buy, or nothing. A
   * shopper who buys anyway, or has bought already, is not moved to buy (again) by a play.
   *
   * @param surveyUrl the hosted survey's link the follow-up carries, or null
   */
  static List<DemoCall> react(
      Shopper shopper,
      String triggerId,
      FollowupPlay play,
      String surveyUrl,
      boolean buyingAlready,
      String shopUrl,
      Random random) {
    if (play == FollowupPlay.SURVEY) {
      if (random.nextDouble() >= SURVEY_ANSWER_PROBABILITY) {
        return List.of();
      }
      return surveyUrl != null && random.nextDouble() < SURVEY_PAGE_SHARE
          ? surveyPageAnswer(shopper, surveyUrl)
          : surveyAnswer(shopper, triggerId, shopUrl);
    }
    return !buyingAlready && random.nextDouble() < buyProbability(shopper.persona(), play)
        ? purchase(shopper, "order", triggerId, shopUrl, random)
        : List.of();
  }

  /** The shopper opens the survey link and clicks their real reason. */
  static List<DemoCall> surveyPageAnswer(Shopper shopper, String surveyUrl) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("url", surveyUrl);
    answer.put("reason", shopper.persona().trueReason().name());
    return List.of(new DemoCall(0, Endpoint.SURVEY_PAGE, answer));
  }

  /**
   * The shopper comes back on their own and buys, {@code offsetMs} after their visit starts; the
   * order's id derives from the visitor, so it is one order however often it is planned.
   */
  static DemoCall selfPurchase(Shopper shopper, long offsetMs, String shopUrl, Random random) {
    DemoCall order = purchase(shopper, "own-purchase", shopper.visitorId(), shopUrl, random).get(0);
    return new DemoCall(offsetMs, order.endpoint(), order.body());
  }

  static List<DemoCall> surveyAnswer(Shopper shopper, String triggerId, String shopUrl) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("statedReason", shopper.persona().trueReason().name());
    props.put("followupId", triggerId);
    props.put("question", SURVEY_QUESTION);
    return List.of(
        new DemoCall(
            0,
            Endpoint.BATCH,
            track(shopper, "Feedback Submitted", props, "survey", triggerId, shopUrl)));
  }

  /** The shopper comes back (through the follow-up {@code cause}, or on their own) and buys. */
  static List<DemoCall> purchase(
      Shopper shopper, String what, String cause, String shopUrl, Random random) {
    Item item = Catalogue.pickExpensive(random);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("order_id", "ord-" + idFor(cause));
    props.put("total", item.price());
    props.put("revenue", item.price());
    props.put("shipping", 0.0);
    props.put("currency", Catalogue.CURRENCY);
    props.put("products", List.of(ShopperJourney.line(item)));
    return List.of(
        new DemoCall(
            0,
            Endpoint.SERVER_BATCH,
            track(shopper, "Order Completed", props, what, cause, shopUrl)));
  }

  /**
   * Message ids derive from the trigger: a webhook delivered twice yields the same id, which the
   * pipeline deduplicates.
   */
  private static Map<String, Object> track(
      Shopper shopper,
      String event,
      Map<String, Object> props,
      String what,
      String triggerId,
      String shopUrl) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "track");
    message.put("messageId", shopper.anonymousId() + "-" + what + "-" + idFor(triggerId));
    message.put("anonymousId", shopper.anonymousId());
    if (shopper.identifies()) {
      message.put("userId", shopper.userId());
    }
    message.put("event", event);
    message.put("properties", props);
    message.put("context", ShopperJourney.context(shopper, shopUrl));
    return message;
  }

  /** A short, fixed-length id for a trigger id of any length. */
  private static String idFor(String triggerId) {
    return UUID.nameUUIDFromBytes(triggerId.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
