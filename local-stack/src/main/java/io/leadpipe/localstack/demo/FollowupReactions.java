package io.leadpipe.localstack.demo;

import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a hesitating shopper reacts to a follow-up: a survey is answered with the real reason; a play
 * that removes the real obstacle wins them back far more often than one that does not.
 */
final class FollowupReactions {

  private static final Map<String, String> PLAY_ADDRESSES = Map.of(
      "DISCOUNT_OFFER", "PRICE",
      "PRICE_MATCH", "PRICE",
      "SOCIAL_PROOF", "REVIEWS",
      "QUALITY_REASSURANCE", "QUALITY",
      "FREE_SHIPPING", "SHIPPING");
  private static final double MATCHING_PLAY_CONVERSION = 0.5;
  private static final double OTHER_PLAY_CONVERSION = 0.1;

  private FollowupReactions() {}

  static double buyProbability(Persona persona, String play) {
    return persona.trueReason().equals(PLAY_ADDRESSES.get(play)) ? MATCHING_PLAY_CONVERSION : OTHER_PLAY_CONVERSION;
  }

  static List<DemoCall> surveyAnswer(Shopper shopper, String triggerId) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("statedReason", shopper.persona().trueReason());
    props.put("followupId", triggerId);
    props.put("question", "What kept you from ordering?");
    return List.of(new DemoCall(0, Endpoint.BATCH, track(shopper, "Feedback Submitted", props, "survey")));
  }

  static List<DemoCall> purchase(Shopper shopper, Random random) {
    Catalogue.Item item = Catalogue.pickExpensive(random);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("order_id", "ord-" + shopper.anonymousId() + "-recovered");
    props.put("total", item.price());
    props.put("revenue", item.price());
    props.put("currency", "EUR");
    props.put("products", List.of(Map.of("product_id", item.productId(), "name", item.name(),
        "category", item.category(), "price", item.price(), "quantity", 1)));
    return List.of(new DemoCall(0, Endpoint.BATCH, track(shopper, "Order Completed", props, "recovered")));
  }

  private static Map<String, Object> track(Shopper shopper, String event, Map<String, Object> props, String suffix) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "track");
    message.put("messageId", shopper.anonymousId() + "-" + suffix);
    message.put("anonymousId", shopper.anonymousId());
    if (shopper.userId() != null) {
      message.put("userId", shopper.userId());
    }
    message.put("event", event);
    message.put("properties", props);
    return message;
  }
}
