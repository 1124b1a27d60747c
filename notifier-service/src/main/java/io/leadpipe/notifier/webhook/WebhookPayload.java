package io.leadpipe.notifier.webhook;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.followup.FollowupTrigger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON a receiver gets: {"id", "type": "followup.trigger", "data": {...}} with plain (not
 * Avro-union) values.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  public static String toJson(FollowupTrigger t) {
    StringBuilder b = new StringBuilder(512);
    b.append("{\"id\":")
        .append(str(t.getTriggerId()))
        .append(",\"type\":\"followup.trigger\"")
        .append(",\"data\":{")
        .append("\"triggerId\":")
        .append(str(t.getTriggerId()))
        .append(",\"visitorId\":")
        .append(str(t.getVisitorId()))
        .append(",\"userId\":")
        .append(str(t.getUserId()))
        .append(",\"hesitationId\":")
        .append(str(t.getHesitationId()))
        .append(",\"hesitationKind\":")
        .append(str(t.getHesitationKind().name()))
        .append(",\"channel\":")
        .append(str(t.getChannel()))
        .append(",\"play\":")
        .append(str(t.getPlay().name()))
        .append(",\"step\":")
        .append(t.getStep())
        .append(",\"reason\":")
        .append(str(t.getReason().name()))
        .append(",\"reasons\":")
        .append(reasons(t.getReasons()))
        .append(",\"products\":")
        .append(products(t.getProducts()))
        .append(",\"cartValue\":")
        .append(num(t.getCartValue()))
        .append(",\"currency\":")
        .append(str(t.getCurrency()))
        .append(",\"segments\":")
        .append(strings(t.getSegments()))
        .append(",\"engagementScore\":")
        .append(num(t.getEngagementScore()))
        .append(",\"locale\":")
        .append(str(t.getLocale()))
        .append(",\"createdAt\":")
        .append(str(t.getCreatedAt().toString()))
        .append(",\"deadline\":")
        .append(t.getDeadline() == null ? "null" : str(t.getDeadline().toString()))
        .append(",\"attributes\":")
        .append(map(t.getAttributes()))
        .append("}}");
    return b.toString();
  }

  private static String reasons(List<ReasonEvidence> rs) {
    StringBuilder b = new StringBuilder("[");
    for (ReasonEvidence r : rs) {
      b.append(b.length() > 1 ? "," : "")
          .append("{\"reason\":")
          .append(str(r.getReason().name()))
          .append(",\"confidence\":")
          .append(num(r.getConfidence()))
          .append('}');
    }
    return b.append(']').toString();
  }

  private static String products(List<Product> ps) {
    StringBuilder b = new StringBuilder("[");
    for (Product p : ps) {
      b.append(b.length() > 1 ? "," : "")
          .append("{\"productId\":")
          .append(str(p.getProductId()))
          .append(",\"sku\":")
          .append(str(p.getSku()))
          .append(",\"name\":")
          .append(str(p.getName()))
          .append(",\"price\":")
          .append(num(p.getPrice()))
          .append(",\"quantity\":")
          .append(p.getQuantity() == null ? "null" : p.getQuantity())
          .append(",\"url\":")
          .append(str(p.getUrl()))
          .append('}');
    }
    return b.append(']').toString();
  }

  private static String strings(List<String> xs) {
    StringBuilder b = new StringBuilder("[");
    for (String x : xs) {
      b.append(b.length() > 1 ? "," : "").append(str(x));
    }
    return b.append(']').toString();
  }

  private static String map(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(m)
        .forEach(
            (k, v) ->
                b.append(b.length() > 1 ? "," : "").append(str(k)).append(':').append(str(v)));
    return b.append('}').toString();
  }

  private static String num(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? "null" : d.toString();
  }

  static String str(CharSequence s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
