package io.leadpipe.ingest.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.testing.Mappers;
import io.leadpipe.ingest.trust.TrustedSignals;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.service.problem.Violation;
import org.junit.jupiter.api.Test;

class WebEventMapperTest {

  private final WebEventMapper mapper = Mappers.web();

  private WebEvent accepted(MappedEvent mapped) {
    assertThat(mapped).isInstanceOf(MappedEvent.Accepted.class);
    MappedEvent.Accepted a = (MappedEvent.Accepted) mapped;
    assertThat(a.topic()).isEqualTo(Topics.WEB_EVENTS);
    return (WebEvent) a.value();
  }

  private MappedEvent track(String json) {
    return mapper.track(Mappers.json(json), 0, json.getBytes(), Mappers.meta());
  }

  @Test
  void onlyTheVisitorsOwnUserAgentMarksARobotNotTheSendingClientsHeader() {
    String page =
        """
        {"anonymousId": "a1", "event": "Product Viewed"%s}""";
    RequestMeta fromAServer =
        new RequestMeta(
            "test-shop",
            SourceKind.SERVER,
            "/v1/track",
            Mappers.RECEIVED_AT,
            null,
            "okhttp/4.12.0",
            null,
            null);
    String crawler = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    WebEvent sentByAnApp =
        accepted(mapper.track(Mappers.json(page.formatted("")), 0, new byte[0], fromAServer));
    WebEvent crawled =
        accepted(
            mapper.track(
                Mappers.json(page.formatted(",\"context\": {\"userAgent\": \"" + crawler + "\"}")),
                0,
                new byte[0],
                fromAServer));

    assertThat(sentByAnApp.getContext().getDevice().getBot()).isFalse();
    assertThat(crawled.getContext().getDevice().getBot()).isTrue();
  }

  @Test
  void checkoutStartedCarriesLinesAndTheCartValueAsTotal() {
    WebEvent event =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "Checkout Started",
         "properties": {"checkout_id": "co-1", "value": 120.5, "currency": "EUR",
                        "products": [{"product_id": "p1", "price": 100.5, "quantity": 1},
                                     {"product_id": 7, "sku": "S-2", "price": 20, "quantity": 2}]}}"""));

    assertThat(event.getType()).isEqualTo(WebEventType.CHECKOUT_STARTED);
    assertThat(event.getOrder().getCheckoutId()).isEqualTo("co-1");
    assertThat(event.getOrder().getTotal()).isEqualTo(120.5);
    assertThat(event.getOrder().getCurrency()).isEqualTo("EUR");
    assertThat(event.getItems()).hasSize(2);
    assertThat(event.getItems().get(1).getProductId()).isEqualTo("7");
    assertThat(event.getItems().get(1).getQuantity()).isEqualTo(2);
    assertThat(event.getProduct()).isNull();
    assertThat(event.getProperties()).isEmpty();
  }

  @Test
  void checkoutStepAndSearchAndFeedbackHaveTheirTypedFields() {
    WebEvent step =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "Checkout Step Viewed",
         "properties": {"step": 2, "step_name": "shipping", "shipping_method": "standard"}}"""));
    WebEvent search =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "Coupon Searched", "properties": {"query": "discount code tents"}}"""));
    WebEvent feedback =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "Feedback Submitted",
         "properties": {"statedReason": "shipping", "followupId": "f-1", "question": "Why?", "comment": "too dear"}}"""));

    assertThat(step.getCheckout().getStep()).isEqualTo(2);
    assertThat(step.getCheckout().getStepName()).isEqualTo("shipping");
    assertThat(step.getCheckout().getShippingMethod()).isEqualTo("standard");
    assertThat(search.getType()).isEqualTo(WebEventType.COUPON_SEARCH);
    assertThat(search.getQuery()).isEqualTo("discount code tents");
    assertThat(feedback.getFeedback().getStatedReason()).isEqualTo(HesitationReason.SHIPPING);
    assertThat(feedback.getFeedback().getFollowupId()).isEqualTo("f-1");
    assertThat(feedback.getFeedback().getComment()).isEqualTo("too dear");
  }

  @Test
  void anUnknownNameIsKeptAsCustomWithItsProperties() {
    WebEvent event =
        accepted(
            track(
                """
        {"userId": "u1", "event": "Video Played", "properties": {"seconds": 12, "title": "Unboxing", "hd": true}}"""));

    assertThat(event.getType()).isEqualTo(WebEventType.CUSTOM);
    assertThat(event.getName()).isEqualTo("Video Played");
    assertThat(event.getProperties())
        .containsEntry("seconds", "12")
        .containsEntry("title", "\"Unboxing\"")
        .containsEntry("hd", "true");
  }

  @Test
  void aReferralCodeInThePropertiesWinsOverTheUrl() {
    WebEvent event =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "Product Shared",
         "properties": {"product_id": "p1", "referralCode": "mine"},
         "context": {"page": {"url": "https://shop.example/?ref=theirs"}}}"""));

    assertThat(event.getReferralCode()).isEqualTo("mine");
    assertThat(event.getProperties()).doesNotContainKey("referralCode");
  }

  @Test
  void theRequestAddressIsAnonymisedAndTheHeaderUserAgentParsedWhenTheContextHasNone() {
    WebEvent event = accepted(track("{\"anonymousId\": \"a1\", \"event\": \"X\"}"));

    assertThat(event.getContext().getIp()).isEqualTo("198.51.100.0");
    assertThat(event.getReceivedAt()).isEqualTo(Mappers.RECEIVED_AT);
    assertThat(event.getEventTime()).isEqualTo(Mappers.RECEIVED_AT);
    assertThat(event.getSource()).isEqualTo("test-shop");
  }

  @Test
  void campaignFromContextWhenTheUrlHasNone() {
    WebEvent event =
        accepted(
            track(
                """
        {"anonymousId": "a1", "event": "X",
         "context": {"campaign": {"name": "spring", "source": "google", "medium": "cpc"}}}"""));

    assertThat(event.getContext().getUtm().getCampaign()).isEqualTo("spring");
    assertThat(event.getContext().getUtm().getSource()).isEqualTo("google");
  }

  @Test
  void everyViolationIsReportedWithItsPath() {
    MappedEvent mapped =
        track(
            """
        {"anonymousId": ["a"], "event": "Feedback Submitted",
         "properties": {"statedReason": "because", "price": true, "products": [1]},
         "context": {"library": "x", "userAgent": 5}}""");

    assertThat(mapped).isInstanceOf(MappedEvent.Rejected.class);
    MappedEvent.Rejected rejected = (MappedEvent.Rejected) mapped;
    assertThat(rejected.reason()).isEqualTo("invalid-event");
    assertThat(rejected.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "anonymousId",
            "properties.statedReason",
            "properties.products[0]",
            "context.library",
            "context.userAgent");
  }

  @Test
  void pageCallsTakeThePageFromTheirProperties() {
    String json =
        """
        {"anonymousId": "a1", "name": "Tent", "category": "Product",
         "properties": {"url": "https://shop.example/p/tent?utm_medium=social", "path": "/p/tent",
                        "title": "Tent", "referrer": "https://insta.example/", "search": "?x"},
         "context": {"page": {"url": "https://stale.example/"}}}""";

    WebEvent event = accepted(mapper.page(Mappers.json(json), 0, json.getBytes(), Mappers.meta()));

    assertThat(event.getType()).isEqualTo(WebEventType.PAGE_VIEW);
    assertThat(event.getContext().getPageUrl()).startsWith("https://shop.example/p/tent");
    assertThat(event.getContext().getReferrer()).isEqualTo("https://insta.example/");
    assertThat(event.getContext().getUtm().getMedium()).isEqualTo("social");
    assertThat(event.getProperties())
        .containsEntry("name", "\"Tent\"")
        .containsEntry("category", "\"Product\"")
        .containsEntry("search", "\"?x\"")
        .doesNotContainKey("url");
  }

  @Test
  void aMessageIdOver100CharactersIsRejectedAndAShortOneKept() {
    MappedEvent tooLong =
        track(
            "{\"anonymousId\": \"a1\", \"event\": \"X\", \"messageId\": \"%s\"}"
                .formatted("m".repeat(101)));
    WebEvent kept =
        accepted(
            track(
                "{\"anonymousId\": \"a1\", \"event\": \"X\", \"messageId\": \"%s\"}"
                    .formatted("m".repeat(100))));

    assertThat(tooLong).isInstanceOf(MappedEvent.Rejected.class);
    assertThat(kept.getMessageId()).hasSize(100);
  }

  @Test
  void aPurchaseFromABrowserSourceIsRefusedForItsSourceAndAcceptedFromAServer() {
    String json =
        """
        {"anonymousId": "a1", "event": "Order Completed",
         "properties": {"order_id": "o-1", "revenue": 1000000}}""";

    MappedEvent fromBrowser =
        mapper.track(Mappers.json(json), 0, json.getBytes(), Mappers.browserMeta());

    assertThat(fromBrowser).isInstanceOf(MappedEvent.Rejected.class);
    MappedEvent.Rejected refused = (MappedEvent.Rejected) fromBrowser;
    assertThat(refused.reason()).isEqualTo(TrustedSignals.UNTRUSTED_SOURCE);
    assertThat(refused.violations()).extracting(Violation::field).containsExactly("event");
    assertThat(accepted(track(json)).getType()).isEqualTo(WebEventType.PURCHASE);
  }

  @Test
  void aForgedPurchaseThatIsAlsoInvalidIsAnInvalidEventListingBoth() {
    String json =
        """
        {"anonymousId": "a1", "event": "Order Refunded", "properties": {"revenue": "lots"}}""";

    MappedEvent.Rejected refused =
        (MappedEvent.Rejected)
            mapper.track(Mappers.json(json), 0, json.getBytes(), Mappers.browserMeta());

    assertThat(refused.reason()).isEqualTo("invalid-event");
    assertThat(refused.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("properties.revenue", "event");
  }

  @Test
  void aScreenIsAViewWithTheScreensNameAndNoPageFields() {
    String json =
        """
        {"anonymousId": "a1", "name": "Product Detail", "category": "catalog",
         "properties": {"url": "app://p/tent", "variant": "dark"},
         "context": {"app": {"name": "Shop", "version": "2.1"}}}""";

    WebEvent screen =
        accepted(mapper.screen(Mappers.json(json), 0, json.getBytes(), Mappers.meta()));

    assertThat(screen.getType()).isEqualTo(WebEventType.SCREEN_VIEW);
    assertThat(screen.getName()).isEqualTo(WebEventMapper.SCREEN_EVENT_NAME);
    assertThat(screen.getProperties())
        .containsEntry("name", "\"Product Detail\"")
        .containsEntry("category", "\"catalog\"")
        // A screen has no page: its properties stay properties.
        .containsEntry("url", "\"app://p/tent\"");
    assertThat(screen.getContext().getPageUrl()).isNull();
  }

  @Test
  void promotionAndWishlistEventsGetTheirTypedFields() {
    WebEvent promotion =
        accepted(
            track(
                """
                {"anonymousId": "a1", "event": "Promotion Clicked",
                 "properties": {"promotion_id": "promo-9", "name": "Winter sale", "creative": "banner-top",
                                "position": "home_top"}}"""));
    WebEvent wishlist =
        accepted(
            track(
                """
                {"anonymousId": "a1", "event": "Product Added to Wishlist",
                 "properties": {"wishlist_id": "w-1", "wishlist_name": "Summer", "product_id": "tent-2p",
                                "price": 249}}"""));

    assertThat(promotion.getType()).isEqualTo(WebEventType.PROMOTION_CLICKED);
    assertThat(promotion.getPromotion().getPromotionId()).isEqualTo("promo-9");
    assertThat(promotion.getPromotion().getName()).isEqualTo("Winter sale");
    assertThat(promotion.getPromotion().getCreative()).isEqualTo("banner-top");
    assertThat(promotion.getPromotion().getPosition()).isEqualTo("home_top");
    assertThat(wishlist.getType()).isEqualTo(WebEventType.WISHLIST_ADD);
    assertThat(wishlist.getWishlistId()).isEqualTo("w-1");
    assertThat(wishlist.getProduct().getProductId()).isEqualTo("tent-2p");
    assertThat(wishlist.getProperties()).containsEntry("wishlist_name", "\"Summer\"");
  }

  @Test
  void batchIntegrationsAreMergedUnderTheEventsOwn() {
    String json =
        """
        {"anonymousId": "a1", "event": "Product Viewed", "integrations": {"All": false, "Mixpanel": true}}""";
    RequestMeta batch =
        Mappers.meta()
            .forBatch(
                Mappers.json("{\"locale\": \"de-DE\"}"),
                Mappers.json("{\"All\": true, \"Amplitude\": {\"session\": 1}}"),
                null);

    WebEvent event = accepted(mapper.track(Mappers.json(json), 0, json.getBytes(), batch));

    assertThat(event.getContext().getIntegrations())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("All", "false", "Mixpanel", "true", "Amplitude", "{\"session\":1}"));
    assertThat(event.getContext().getLocale()).isEqualTo("de-DE");
  }

  @Test
  void orderCancelledAndUpdatedFromABrowserKeyAreRefused() {
    for (String name : new String[] {"Order Cancelled", "Order Updated"}) {
      String json =
          """
          {"anonymousId": "a1", "event": "%s", "properties": {"order_id": "o-1", "total": 10}}"""
              .formatted(name);

      MappedEvent.Rejected refused =
          (MappedEvent.Rejected)
              mapper.track(Mappers.json(json), 0, json.getBytes(), Mappers.browserMeta());

      assertThat(refused.reason()).as(name).isEqualTo("untrusted-source");
      assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("event");
    }
  }
}
