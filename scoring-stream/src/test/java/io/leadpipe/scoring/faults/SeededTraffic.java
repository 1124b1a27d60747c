package io.leadpipe.scoring.faults;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * A fixed, seeded mix of inputs for many visitors, in event-time order across visitors (one slot
 * per visitor per round), plus one segment whose membership flips: entered with the first cart add,
 * left with the first purchase. Visitor ids, user ids, handles, emails and referral codes carry the
 * run id so one broker can hold several runs. The visitors play these parts (by index, the details
 * seeded):
 *
 * <ul>
 *   <li>plain: web events (views, searches, cart adds, purchases); for every second one about two
 *       in five replaced by a social interaction (like, comment, follow, mention, share) under the
 *       visitor's own handle (the others keep one input topic: every input applied in the order
 *       sent, so compared revision by revision);
 *   <li>identify: anonymous web events, then identify (anonymous id → user id, with an email of
 *       their own), then web events under the user id;
 *   <li>alias: anonymous web events, then alias (previous id → user id), then web events under the
 *       user id only;
 *   <li>shared email, in pairs: one identifies with a user id and an email, the other (anonymous
 *       throughout) identifies with the same email only, so the second joins the first's person
 *       whichever claim the identity graph sees first (the survivor is the person with a user id);
 *   <li>sharer and referred, in pairs: the sharer shares their code first and is active for a few
 *       rounds; the referred visitor later lands with {@code ?ref=} the code and buys once,
 *       crediting the sharer as a referred visitor, buyer and revenue. The sharer's own events end
 *       rounds before the landing, so the credits are the last inputs to their state in any run: a
 *       credit's place among the sharer's own events is not something the repartition hops keep.
 * </ul>
 */
record SeededTraffic(
    String run,
    List<String> visitors,
    List<Input> inputs,
    SegmentDefinition flippingSegment,
    Map<String, Set<String>> intendedPersons,
    Set<String> interleaved) {

  /** What an input is, for the figures. */
  enum Kind {
    WEB,
    REFERRED_LANDING,
    SHARE,
    SOCIAL,
    IDENTIFY,
    IDENTIFY_SHARED_EMAIL,
    ALIAS
  }

  /** One record for an input topic, keyed as ingest keys it, with its event time. */
  record Input(
      Kind kind,
      Topic<? extends SpecificRecord> topic,
      String key,
      SpecificRecord value,
      Instant at) {}

  private static final WebEventType[] BROWSING = {
    WebEventType.PAGE_VIEW,
    WebEventType.PRODUCT_VIEW,
    WebEventType.PRODUCT_VIEW,
    WebEventType.SEARCH,
    WebEventType.REVIEW_READ,
    WebEventType.COUPON_SEARCH
  };
  private static final SocialKind[] SOCIAL = {
    SocialKind.LIKE,
    SocialKind.LIKE,
    SocialKind.COMMENT,
    SocialKind.FOLLOW,
    SocialKind.MENTION,
    SocialKind.SHARE
  };
  private static final String[] NETWORKS = {"instagram", "tiktok", "x"};
  private static final String[] CATEGORIES = {"shoes", "bags", "coats", "hats"};

  /** The sharer's own events end with this round; the referred visitor lands after it. */
  private static final int SHARER_LAST_ROUND = 3;

  /**
   * Event times step by this much per round: every event is in the past and in order per partition.
   */
  private static final Duration STEP = Duration.ofMillis(500);

  /** The part visitor {@code v} plays. */
  private enum Part {
    PLAIN,
    IDENTIFY,
    ALIAS,
    EMAIL_OWNER,
    EMAIL_SHARER,
    SHARER,
    REFERRED
  }

  private static Part part(int v) {
    if (v % 10 == 1) {
      return Part.IDENTIFY;
    }
    if (v % 10 == 2) {
      return Part.ALIAS;
    }
    return switch (v % 20) {
      case 3 -> Part.EMAIL_OWNER;
      case 4 -> Part.EMAIL_SHARER;
      case 5 -> Part.SHARER;
      case 6 -> Part.REFERRED;
      default -> Part.PLAIN;
    };
  }

  static SeededTraffic generate(
      String run, int visitorCount, int eventsPerVisitor, long seed, Instant end) {
    Random random = new Random(seed);
    List<String> visitors = new ArrayList<>();
    for (int v = 0; v < visitorCount; v++) {
      visitors.add("f-" + run + "-" + v);
    }
    // The round each visitor's identity event (or, referred, the landing) happens in.
    int[] turn = new int[visitorCount];
    Map<String, Set<String>> persons = new TreeMap<>();
    for (int v = 0; v < visitorCount; v++) {
      turn[v] =
          switch (part(v)) {
            case IDENTIFY, ALIAS -> 2 + random.nextInt(eventsPerVisitor - 4);
            case EMAIL_OWNER -> 2 + random.nextInt(eventsPerVisitor - 5);
            case EMAIL_SHARER -> 3 + random.nextInt(eventsPerVisitor - 5);
            case REFERRED -> SHARER_LAST_ROUND + 3 + random.nextInt(eventsPerVisitor - 8);
            default -> -1;
          };
      String anonymous = visitors.get(v);
      switch (part(v)) {
        case IDENTIFY, ALIAS -> persons.put(userId(run, v), new TreeSet<>(Set.of(anonymous)));
        case EMAIL_OWNER ->
            persons.put(userId(run, v), new TreeSet<>(Set.of(anonymous, visitors.get(v + 1))));
        default -> {}
      }
    }
    Instant start = end.minus(STEP.multipliedBy(eventsPerVisitor + 1L));
    List<Input> inputs = new ArrayList<>();
    for (int round = 0; round < eventsPerVisitor; round++) {
      for (int v = 0; v < visitorCount; v++) {
        Instant at = start.plus(STEP.multipliedBy(round)).plusMillis(v % 400);
        String messageId = "m-" + run + "-" + v + "-" + round;
        Input input = input(run, visitors, v, round, turn[v], messageId, at, random);
        if (input != null) {
          inputs.add(input);
        }
      }
    }
    SegmentDefinition segment =
        SegmentDefinition.newBuilder()
            .setSegmentId("f-" + run + "-open-cart")
            .setName("Cart but no purchase yet")
            .setCategory(SegmentCategory.BEHAVIOURAL)
            .setRule(
                "{\"all\":[{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1},"
                    + "{\"attr\":\"activity.purchases\",\"op\":\"eq\",\"value\":0}]}")
            .setEnabled(true)
            .setVersion(1)
            .setUpdatedAt(start)
            .setUpdatedBy("faults-it")
            .build();
    // Whose state is fed by more than one topic partition: two input topics (web and social or
    // identity), referral credits (sharers), or members' states folded in (persons).
    Map<String, Set<String>> topics = new TreeMap<>();
    inputs.forEach(
        i -> topics.computeIfAbsent(i.key(), k -> new TreeSet<>()).add(i.topic().name()));
    Set<String> interleaved = new TreeSet<>(persons.keySet());
    topics.forEach(
        (id, names) -> {
          if (names.size() > 1) {
            interleaved.add(id);
          }
        });
    for (int v = 0; v < visitorCount; v++) {
      if (part(v) == Part.SHARER) {
        interleaved.add(visitors.get(v));
      }
    }
    return new SeededTraffic(run, visitors, List.copyOf(inputs), segment, persons, interleaved);
  }

  private static Input input(
      String run,
      List<String> visitors,
      int v,
      int round,
      int turn,
      String messageId,
      Instant at,
      Random random) {
    String anonymous = visitors.get(v);
    return switch (part(v)) {
      case PLAIN ->
          v % 2 == 0 && random.nextInt(100) < 40
              ? social(run, v, anonymous, messageId, at, random)
              : web(anonymous, null, messageId, pick(random), at, random);
      case IDENTIFY, EMAIL_OWNER -> {
        if (round < turn) {
          yield web(anonymous, null, messageId, pick(random), at, random);
        }
        if (round > turn) {
          yield web(anonymous, userId(run, v), messageId, pick(random), at, random);
        }
        yield identify(
            part(v) == Part.IDENTIFY ? Kind.IDENTIFY : Kind.IDENTIFY_SHARED_EMAIL,
            anonymous,
            userId(run, v),
            email(run, v),
            messageId,
            at);
      }
      case EMAIL_SHARER ->
          round == turn
              ? identify(
                  Kind.IDENTIFY_SHARED_EMAIL, anonymous, null, email(run, v - 1), messageId, at)
              : web(anonymous, null, messageId, pick(random), at, random);
      case ALIAS -> {
        if (round < turn) {
          yield web(anonymous, null, messageId, pick(random), at, random);
        }
        if (round > turn) {
          yield web(null, userId(run, v), messageId, pick(random), at, random);
        }
        yield alias(anonymous, userId(run, v), messageId, at);
      }
      case SHARER -> {
        if (round == 0) {
          WebEvent share =
              event(anonymous, null, messageId, WebEventType.PRODUCT_SHARED, at, random)
                  .setReferralCode(code(run, v))
                  .build();
          yield new Input(Kind.SHARE, Topics.WEB_EVENTS, anonymous, share, at);
        }
        yield round <= SHARER_LAST_ROUND
            ? web(anonymous, null, messageId, browsing(random), at, random)
            : null;
      }
      case REFERRED -> {
        if (round == turn) {
          WebEvent landing =
              event(anonymous, null, messageId, WebEventType.PAGE_VIEW, at, random)
                  .setReferralCode(code(run, v - 1))
                  .build();
          yield new Input(Kind.REFERRED_LANDING, Topics.WEB_EVENTS, anonymous, landing, at);
        }
        // Before the landing they browse; the round after it they buy, once: a second purchase
        // is credited as one more credit when the sharer's code is known, folded into one with the
        // first when the reports waited for it (a sharer's revision would follow the partitions'
        // pace).
        WebEventType type = round == turn + 1 ? WebEventType.PURCHASE : browsing(random);
        yield web(anonymous, null, messageId, type, at, random);
      }
    };
  }

  /** The key ingest gives an input (the visitor key rule; alias by the user id). */
  static String key(String userId, String anonymousId) {
    return VisitorId.of(userId, anonymousId);
  }

  boolean ours(String id) {
    return id != null && id.startsWith("f-" + run + "-");
  }

  /**
   * Fed by one topic partition only and never merged into a person: every input applied in the
   * order sent, in any run.
   */
  boolean inOrder(String id) {
    return !interleaved.contains(id)
        && intendedPersons.values().stream().noneMatch(members -> members.contains(id));
  }

  /** Inputs per kind, for the figures. */
  Map<Kind, Integer> counts() {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    inputs.forEach(i -> counts.merge(i.kind(), 1, Integer::sum));
    return counts;
  }

  /** Visitors who end as a profile of their own: every person counts once. */
  int expectedProfiles() {
    int members = intendedPersons.values().stream().mapToInt(Set::size).sum();
    return visitors.size() - members + intendedPersons.size();
  }

  private static String userId(String run, int v) {
    return "f-" + run + "-user-" + v;
  }

  private static String email(String run, int v) {
    return "shopper-" + v + "-" + run + "@mail.leadpipe.dev";
  }

  private static String code(String run, int v) {
    return "f-" + run + "-code-" + v;
  }

  private static WebEventType pick(Random random) {
    int dice = random.nextInt(100);
    if (dice < 15) {
      return WebEventType.CART_ADD;
    }
    if (dice < 23) {
      return WebEventType.PURCHASE;
    }
    return browsing(random);
  }

  private static WebEventType browsing(Random random) {
    return BROWSING[random.nextInt(BROWSING.length)];
  }

  private static Input web(
      String anonymousId,
      String userId,
      String messageId,
      WebEventType type,
      Instant at,
      Random random) {
    WebEvent e = event(anonymousId, userId, messageId, type, at, random).build();
    return new Input(Kind.WEB, Topics.WEB_EVENTS, key(userId, anonymousId), e, at);
  }

  private static WebEvent.Builder event(
      String anonymousId,
      String userId,
      String messageId,
      WebEventType type,
      Instant at,
      Random random) {
    String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
    WebEvent.Builder b =
        WebEvent.newBuilder()
            .setMessageId(messageId)
            .setAnonymousId(anonymousId)
            .setUserId(userId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("faults-it")
            .setContext(EventContext.newBuilder().build())
            .setType(type)
            .setName(type.name());
    switch (type) {
      case PRODUCT_VIEW, CART_ADD ->
          b.setProduct(
              Product.newBuilder()
                  .setProductId("p-" + category)
                  .setCategory(category)
                  .setPrice(10.0 + random.nextInt(200))
                  .build());
      case SEARCH -> b.setQuery(category);
      case PURCHASE ->
          b.setOrder(
              OrderInfo.newBuilder()
                  .setOrderId("o-" + messageId)
                  .setRevenue(20.0 + random.nextInt(400))
                  .build());
      default -> {}
    }
    return b;
  }

  /** A social interaction under the visitor's own handle (its only claim: nobody shares it). */
  private static Input social(
      String run, int v, String anonymousId, String messageId, Instant at, Random random) {
    SocialKind kind = SOCIAL[random.nextInt(SOCIAL.length)];
    String network = NETWORKS[v % NETWORKS.length];
    SocialEvent.Builder b =
        SocialEvent.newBuilder()
            .setMessageId(messageId)
            .setAnonymousId(anonymousId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("faults-it")
            .setNetwork(network)
            .setKind(kind)
            .setActorHandle("@f-" + run + "-" + v);
    switch (kind) {
      case FOLLOW ->
          b.setFollowerCount(100L + random.nextInt(20_000)).setFollowerCountDeclared(true);
      case COMMENT, MENTION -> b.setText("love the " + CATEGORIES[random.nextInt(4)]);
      case SHARE -> b.setPostUrl("https://social.example/p/" + messageId);
      default -> {}
    }
    return new Input(Kind.SOCIAL, Topics.SOCIAL_EVENTS, anonymousId, b.build(), at);
  }

  private static Input identify(
      Kind kind, String anonymousId, String userId, String email, String messageId, Instant at) {
    IdentityEvent e =
        IdentityEvent.newBuilder()
            .setMessageId(messageId)
            .setKind(IdentityKind.IDENTIFY)
            .setAnonymousId(anonymousId)
            .setUserId(userId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("faults-it")
            .setTraits(Traits.newBuilder().setEmail(email).setCountry("DE").build())
            .build();
    return new Input(kind, Topics.IDENTITIES, key(userId, anonymousId), e, at);
  }

  private static Input alias(String previousId, String userId, String messageId, Instant at) {
    IdentityEvent e =
        IdentityEvent.newBuilder()
            .setMessageId(messageId)
            .setKind(IdentityKind.ALIAS)
            .setPreviousId(previousId)
            .setUserId(userId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("faults-it")
            .setTraits(Traits.newBuilder().build())
            .build();
    return new Input(Kind.ALIAS, Topics.IDENTITIES, userId, e, at);
  }
}
