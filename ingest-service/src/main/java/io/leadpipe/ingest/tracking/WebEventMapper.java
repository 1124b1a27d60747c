package io.leadpipe.ingest.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.enrichment.ContextMapper;
import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.event.Envelope;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.trust.TrustedSignals;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.CheckoutStepInfo;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.PromotionInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Segment {@code track} and {@code page} calls → {@link WebEvent} on leadpipe.web-events, keyed by
 * visitor. Well-known names get their kind and typed fields (product, lines, order, checkout step,
 * search query, feedback); everything else a client sent stays in {@code properties} as JSON text.
 * {@code screen} calls (mobile) are views like pages. Order events (completed, updated, refunded,
 * cancelled) from a browser source are refused ({@link TrustedSignals}).
 */
@Singleton
public class WebEventMapper {

  /** The name WebEvent carries for page calls (the page's own name goes to properties). */
  public static final String PAGE_EVENT_NAME = "page";

  /** The name WebEvent carries for screen calls (the screen's own name goes to properties). */
  public static final String SCREEN_EVENT_NAME = "screen";

  private static final String[] ORDER_KEYS = {
    "order_id",
    "orderId",
    "checkout_id",
    "checkoutId",
    "revenue",
    "total",
    "value",
    "subtotal",
    "shipping",
    "tax",
    "discount",
    "coupon"
  };
  private static final String[] CHECKOUT_KEYS = {
    "step",
    "step_name",
    "stepName",
    "shipping_method",
    "shippingMethod",
    "payment_method",
    "paymentMethod"
  };
  private static final String INVALID_EVENT = "invalid-event";
  private static final String VALID_REASONS =
      Arrays.stream(HesitationReason.values()).map(Enum::name).collect(Collectors.joining(", "));

  private final ContextMapper contexts;
  private final IngestLimits limits;

  public WebEventMapper(ContextMapper contexts, IngestLimits limits) {
    this.contexts = contexts;
    this.limits = limits;
  }

  public MappedEvent track(JsonNode message, int index, byte[] original, RequestMeta meta) {
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    String event = r.requiredText(message, "event", "", limits.maxNameLength());
    PropertiesReader props =
        new PropertiesReader(r.object(message, "properties", ""), "properties", r);
    ContextMapper.Mapped context = contexts.map(message, null, meta, r);
    WebEventType type = event == null ? WebEventType.CUSTOM : EcommerceEvents.typeOf(event);
    WebEvent.Builder builder =
        builder(envelope, meta, context).setType(type).setName(event == null ? "" : event);
    typedFields(type, props, builder, r);
    builder.setReferralCode(referralCode(props, context, r));
    builder.setProperties(props.rest());
    // Refused for its source alone, the reason says so; also invalid, it is an invalid event.
    boolean valid = !r.hasViolations();
    Optional<String> refused = TrustedSignals.refusedEvent(meta.sourceKind(), type, event);
    refused.ifPresent(problem -> r.violation("event", problem));
    return result(
        "track",
        index,
        original,
        envelope,
        r,
        builder,
        valid && refused.isPresent() ? TrustedSignals.UNTRUSTED_SOURCE : INVALID_EVENT);
  }

  public MappedEvent page(JsonNode message, int index, byte[] original, RequestMeta meta) {
    return view(message, index, original, meta, Call.PAGE);
  }

  /**
   * A mobile app's screen view: a view like a page's ({@link WebEventType#SCREEN_VIEW}, counted
   * with page views downstream); the screen's name goes to {@code properties.name}. A screen has no
   * URL, so the properties are not read as the page's url/path/title.
   */
  public MappedEvent screen(JsonNode message, int index, byte[] original, RequestMeta meta) {
    return view(message, index, original, meta, Call.SCREEN);
  }

  private MappedEvent view(
      JsonNode message, int index, byte[] original, RequestMeta meta, Call call) {
    boolean page = call == Call.PAGE;
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    JsonNode properties = r.object(message, "properties", "");
    PropertiesReader props = new PropertiesReader(properties, "properties", r);
    if (page) {
      props.markUsed("url", "path", "title", "referrer");
    }
    ContextMapper.Mapped context = contexts.map(message, page ? properties : null, meta, r);
    WebEvent.Builder builder =
        builder(envelope, meta, context)
            .setType(page ? WebEventType.PAGE_VIEW : WebEventType.SCREEN_VIEW)
            .setName(page ? PAGE_EVENT_NAME : SCREEN_EVENT_NAME)
            .setReferralCode(referralCode(props, context, r));
    Map<String, String> rest = props.rest();
    String viewName = r.text(message, "name", "", limits.maxTextLength());
    String category = r.text(message, "category", "", limits.maxNameLength());
    if (viewName != null) {
      rest.put("name", quoted(viewName));
    }
    if (category != null) {
      rest.put("category", quoted(category));
    }
    builder.setProperties(rest);
    return result(call.type(), index, original, envelope, r, builder, INVALID_EVENT);
  }

  private WebEvent.Builder builder(
      Envelope envelope, RequestMeta meta, ContextMapper.Mapped context) {
    return WebEvent.newBuilder()
        .setMessageId(envelope.messageId())
        .setAnonymousId(envelope.anonymousId())
        .setUserId(envelope.userId())
        .setEventTime(envelope.eventTime())
        .setReceivedAt(meta.receivedAt())
        .setSource(meta.source())
        .setContext(context.context());
  }

  private void typedFields(
      WebEventType type, PropertiesReader p, WebEvent.Builder builder, FieldReader r) {
    if (ProductMapper.describesProduct(p)) {
      builder.setProduct(ProductMapper.read(p, limits));
    }
    builder.setItems(ProductMapper.lines(p, limits));
    if (p.has(ORDER_KEYS)) {
      builder.setOrder(order(p, r));
    }
    if (p.has(CHECKOUT_KEYS)) {
      builder.setCheckout(checkout(p, r));
    }
    builder.setQuery(p.read((n, f) -> r.text(n, f, p.path(), limits.maxTextLength()), "query"));
    if (type == WebEventType.FEEDBACK_ANSWER) {
      builder.setFeedback(feedback(p, r));
    }
    if (type == WebEventType.PROMOTION_VIEWED || type == WebEventType.PROMOTION_CLICKED) {
      builder.setPromotion(promotion(p, r));
    }
    builder.setWishlistId(
        p.read((n, f) -> r.id(n, f, p.path(), limits.maxIdLength()), "wishlist_id", "wishlistId"));
  }

  /** Segment's Promotion Viewed / Clicked properties: which internal promotion, where. */
  private PromotionInfo promotion(PropertiesReader p, FieldReader r) {
    String path = p.path();
    int shortText = limits.maxNameLength();
    return PromotionInfo.newBuilder()
        .setPromotionId(
            p.read((n, f) -> r.id(n, f, path, limits.maxIdLength()), "promotion_id", "promotionId"))
        .setName(p.read((n, f) -> r.text(n, f, path, shortText), "name"))
        .setCreative(p.read((n, f) -> r.text(n, f, path, shortText), "creative"))
        .setPosition(p.read((n, f) -> r.text(n, f, path, shortText), "position"))
        .build();
  }

  private OrderInfo order(PropertiesReader p, FieldReader r) {
    String path = p.path();
    int shortText = limits.maxNameLength();
    Double total = p.read((n, f) -> r.number(n, f, path), "total");
    Double value = p.read((n, f) -> r.number(n, f, path), "value");
    return OrderInfo.newBuilder()
        .setOrderId(p.read((n, f) -> r.id(n, f, path, shortText), "order_id", "orderId"))
        .setCheckoutId(p.read((n, f) -> r.id(n, f, path, shortText), "checkout_id", "checkoutId"))
        .setRevenue(p.read((n, f) -> r.number(n, f, path), "revenue"))
        // Checkout Started carries the cart value as "value" in Segment's spec.
        .setTotal(total != null ? total : value)
        .setSubtotal(p.read((n, f) -> r.number(n, f, path), "subtotal"))
        .setShipping(p.read((n, f) -> r.number(n, f, path), "shipping"))
        .setTax(p.read((n, f) -> r.number(n, f, path), "tax"))
        .setDiscount(p.read((n, f) -> r.number(n, f, path), "discount"))
        .setCoupon(p.read((n, f) -> r.text(n, f, path, shortText), "coupon"))
        .setCurrency(p.read((n, f) -> r.text(n, f, path, shortText), "currency"))
        .build();
  }

  private CheckoutStepInfo checkout(PropertiesReader p, FieldReader r) {
    String path = p.path();
    int shortText = limits.maxNameLength();
    return CheckoutStepInfo.newBuilder()
        .setStep(p.read((n, f) -> r.integer(n, f, path), "step"))
        .setStepName(p.read((n, f) -> r.text(n, f, path, shortText), "step_name", "stepName"))
        .setShippingMethod(
            p.read((n, f) -> r.text(n, f, path, shortText), "shipping_method", "shippingMethod"))
        .setPaymentMethod(
            p.read((n, f) -> r.text(n, f, path, shortText), "payment_method", "paymentMethod"))
        .build();
  }

  private FeedbackAnswer feedback(PropertiesReader p, FieldReader r) {
    String path = p.path();
    String reason =
        p.read(
            (n, f) -> r.text(n, f, path, limits.maxNameLength()), "statedReason", "stated_reason");
    HesitationReason stated = HesitationReason.UNKNOWN;
    if (reason != null) {
      try {
        stated = HesitationReason.valueOf(reason.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        r.violation(FieldReader.path(path, "statedReason"), "must be one of " + VALID_REASONS);
      }
    }
    return FeedbackAnswer.newBuilder()
        .setFollowupId(
            p.read((n, f) -> r.id(n, f, path, limits.maxIdLength()), "followupId", "followup_id"))
        .setQuestion(p.read((n, f) -> r.text(n, f, path, limits.maxTextLength()), "question"))
        .setStatedReason(stated)
        .setComment(p.read((n, f) -> r.text(n, f, path, limits.maxTextLength()), "comment"))
        .build();
  }

  /** A code in the properties wins over the page URL's {@code ?ref=}: the client knows best. */
  private String referralCode(PropertiesReader p, ContextMapper.Mapped context, FieldReader r) {
    String fromProperties =
        p.read(
            (n, f) -> r.id(n, f, p.path(), limits.maxIdLength()), "referralCode", "referral_code");
    if (fromProperties != null) {
      return fromProperties;
    }
    String fromUrl = context.referralCodeFromUrl();
    return fromUrl != null && fromUrl.length() <= limits.maxIdLength() ? fromUrl : null;
  }

  private MappedEvent result(
      String callType,
      int index,
      byte[] original,
      Envelope envelope,
      FieldReader r,
      WebEvent.Builder builder,
      String rejectionReason) {
    if (r.hasViolations()) {
      return new MappedEvent.Rejected(
          index,
          callType,
          envelope.messageId(),
          envelope.visitorId(),
          rejectionReason,
          r.violations(),
          original);
    }
    return new MappedEvent.Accepted(
        index, callType, Topics.WEB_EVENTS, envelope.visitorId(), builder.build());
  }

  private static String quoted(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }
}
