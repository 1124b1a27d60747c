package io.leadpipe.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile ingest requests: random and mutated payloads of every kind the API
 * may meet, each labelled with its category and with the message ids of the valid events inside it
 * (those must land whenever the answer is 200). The same seed gives the same inputs, so a failure
 * is reproduced with {@code -Dleadpipe.fuzz.seed}.
 */
final class PayloadFuzzer {

  /** What was done to the payload; the test knows which answers each category may get. */
  enum Category {
    VALID,
    MALFORMED_JSON,
    WRONG_TYPES,
    HUGE_STRING,
    HUGE_ARRAY,
    DEEP_NESTING,
    INVALID_UTF8,
    RAW_CONTROL_CHARACTERS,
    ESCAPED_CONTROL_CHARACTERS,
    EXTREME_TIMESTAMPS,
    UNKNOWN_FIELDS,
    OVERSIZED_BODY,
    NOT_AN_OBJECT,
    ANY_CONTENT_TYPE,
    MIXED_BATCH
  }

  /**
   * One request to send.
   *
   * @param validMessageIds message ids of the events built valid and left untouched (they must be
   *     accepted)
   * @param validTopics the topic each of those events goes to, in the same order
   */
  record Input(
      int number,
      Category category,
      String path,
      String contentType,
      byte[] body,
      List<String> validMessageIds,
      List<String> validTopics,
      int batchSize) {

    String describe() {
      return "#"
          + number
          + " "
          + category
          + " POST "
          + path
          + " ("
          + body.length
          + " bytes, "
          + contentType
          + ")";
    }
  }

  static final String WEB_TOPIC = "web";
  static final String IDENTITY_TOPIC = "identity";
  static final String SOCIAL_TOPIC = "social";
  static final String JSON = "application/json";

  /**
   * Per-event limit of the service (Segment's 32 KB): events built to stay under it use at most
   * half.
   */
  static final int MAX_EVENT_BYTES = 32_768;

  static final int MAX_BATCH_BYTES = 512_000;
  static final int SERVER_MAX_REQUEST_BYTES = 1_048_576;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] SINGLE_CALLS = {"track", "page", "identify", "alias", "social"};
  private static final String[] BATCH_CALLS = {"track", "page", "identify", "alias"};
  private static final String[] EVENT_NAMES = {
    "Product Viewed",
    "Product Added",
    "Checkout Started",
    "Order Completed",
    "Coupon Searched",
    "Review Read",
    "Shipping Info Viewed",
    "Something Custom",
    "Feedback Submitted"
  };
  private static final String[] EXTREME_TIMESTAMPS = {
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999Z",
    "9999-12-31T23:59:59.999999999Z",
    "+10000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "+999999999-12-31T23:59:59Z",
    "-999999999-01-01T00:00:00Z",
    "2026-11-23T10:00:00+18:00",
    "2026-11-23T10:00:00-18:00",
    "2026-02-30T10:00:00Z",
    "2026-11-23T25:61:61Z",
    "2026-11-23T10:00:00",
    "1e308",
    ""
  };
  private static final String[] CONTENT_TYPES = {
    "application/xml",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "image/png",
    "application/octet-stream",
    "text/html"
  };
  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0xC3, 0x28},
    {(byte) 0xFF},
    {(byte) 0xFE, (byte) 0xFF},
    {(byte) 0x80},
    {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82}
  };

  private final Random random;
  private final String run;
  private int messages;

  PayloadFuzzer(long seed, String run) {
    this.random = new Random(seed);
    this.run = run;
  }

  Input next(int number) {
    Category category = pick();
    Built b = validEvent(call());
    return switch (category) {
      case VALID ->
          new Input(
              number,
              category,
              path(b.call()),
              JSON,
              bytes(b.event()),
              List.of(b.messageId()),
              List.of(b.topic()),
              1);
      case MALFORMED_JSON -> single(number, category, b, malformed(bytes(b.event())));
      case WRONG_TYPES -> single(number, category, b, bytes(wrongTypes(b.event())));
      case HUGE_STRING -> single(number, category, b, bytes(hugeString(b.event())));
      case HUGE_ARRAY -> single(number, category, b, bytes(hugeArray(b.event())));
      case DEEP_NESTING ->
          single(number, category, b, deepNesting(b.event(), 50 + random.nextInt(3000)));
      case INVALID_UTF8 -> single(number, category, b, invalidUtf8(bytes(b.event())));
      case RAW_CONTROL_CHARACTERS ->
          single(number, category, b, rawControlCharacter(bytes(b.event())));
      case ESCAPED_CONTROL_CHARACTERS -> escapedControlCharacters(number);
      case EXTREME_TIMESTAMPS -> single(number, category, b, bytes(extremeTimestamps(b.event())));
      case UNKNOWN_FIELDS -> unknownFields(number, b);
      case OVERSIZED_BODY -> oversized(number);
      case NOT_AN_OBJECT -> notAnObject(number);
      case ANY_CONTENT_TYPE ->
          new Input(
              number,
              category,
              path(b.call()),
              CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)],
              bytes(b.event()),
              List.of(),
              List.of(),
              1);
      case MIXED_BATCH -> mixedBatch(number);
    };
  }

  private Category pick() {
    int roll = random.nextInt(100);
    Category[] weighted = {
      Category.VALID,
      Category.VALID,
      Category.VALID,
      Category.VALID,
      Category.VALID,
      Category.MALFORMED_JSON,
      Category.MALFORMED_JSON,
      Category.MALFORMED_JSON,
      Category.MALFORMED_JSON,
      Category.WRONG_TYPES,
      Category.WRONG_TYPES,
      Category.WRONG_TYPES,
      Category.WRONG_TYPES,
      Category.HUGE_STRING,
      Category.HUGE_ARRAY,
      Category.DEEP_NESTING,
      Category.DEEP_NESTING,
      Category.INVALID_UTF8,
      Category.INVALID_UTF8,
      Category.INVALID_UTF8,
      Category.RAW_CONTROL_CHARACTERS,
      Category.RAW_CONTROL_CHARACTERS,
      Category.ESCAPED_CONTROL_CHARACTERS,
      Category.ESCAPED_CONTROL_CHARACTERS,
      Category.EXTREME_TIMESTAMPS,
      Category.EXTREME_TIMESTAMPS,
      Category.EXTREME_TIMESTAMPS,
      Category.UNKNOWN_FIELDS,
      Category.UNKNOWN_FIELDS,
      Category.OVERSIZED_BODY,
      Category.NOT_AN_OBJECT,
      Category.NOT_AN_OBJECT,
      Category.ANY_CONTENT_TYPE,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH,
      Category.MIXED_BATCH
    };
    return weighted[roll % weighted.length];
  }

  // ---- valid events
  // ----------------------------------------------------------------------------------------------

  /** A valid event of one call type, with the topic it lands on. */
  record Built(String call, ObjectNode event, String messageId, String topic) {}

  private String call() {
    return SINGLE_CALLS[random.nextInt(SINGLE_CALLS.length)];
  }

  Built validEvent(String call) {
    String messageId = "fuzz-" + run + "-" + (++messages);
    String visitor = "fuzz-visitor-" + run + "-" + random.nextInt(50);
    ObjectNode e = NODES.objectNode();
    e.put("messageId", messageId);
    String topic = WEB_TOPIC;
    switch (call) {
      case "track" -> {
        e.put("type", "track")
            .put("anonymousId", visitor)
            .put("event", EVENT_NAMES[random.nextInt(EVENT_NAMES.length)]);
        e.putObject("properties")
            .put("product_id", "p-" + random.nextInt(1000))
            .put("price", random.nextInt(50_000) / 100.0)
            .put("currency", "EUR")
            .put("quantity", 1 + random.nextInt(3));
      }
      case "page" -> {
        e.put("type", "page").put("anonymousId", visitor).put("name", "Product");
        e.putObject("properties")
            .put("url", "https://shop.example/p/" + random.nextInt(1000) + "?utm_source=fuzz");
      }
      case "identify" -> {
        e.put("type", "identify").put("anonymousId", visitor).put("userId", "u-" + visitor);
        e.putObject("traits").put("firstName", "Ana").put("age", 18 + random.nextInt(60));
        topic = IDENTITY_TOPIC;
      }
      case "alias" -> {
        e.put("type", "alias").put("userId", "u-" + visitor).put("previousId", visitor);
        topic = IDENTITY_TOPIC;
      }
      case "social" -> {
        e.put("anonymousId", visitor)
            .put("network", "instagram")
            .put("kind", "like")
            .put("actorHandle", "@fuzz");
        topic = SOCIAL_TOPIC;
      }
      default -> throw new IllegalArgumentException(call);
    }
    if (random.nextBoolean()) {
      e.put("timestamp", "2026-11-23T10:00:00Z").put("sentAt", "2026-11-23T10:00:01Z");
    }
    return new Built(call, e, messageId, topic);
  }

  /** A valid single event of {@code call}. */
  Input validSingle(int number, String call) {
    Built b = validEvent(call);
    return new Input(
        number,
        Category.VALID,
        path(call),
        JSON,
        bytes(b.event()),
        List.of(b.messageId()),
        List.of(b.topic()),
        1);
  }

  /** A valid batch of one to three events. */
  Input validBatch(int number) {
    List<JsonNode> items = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      Built b = validEvent(BATCH_CALLS[random.nextInt(BATCH_CALLS.length)]);
      items.add(b.event());
      ids.add(b.messageId());
      topics.add(b.topic());
    }
    return new Input(
        number,
        Category.VALID,
        "/v1/batch",
        JSON,
        bytes(batchOf(items)),
        ids,
        topics,
        items.size());
  }

  private static String path(String call) {
    return "/v1/" + call;
  }

  /**
   * A mutated event posted to its own call's endpoint; whether it is still acceptable depends on
   * the mutation.
   */
  private static Input single(int number, Category category, Built b, byte[] body) {
    return new Input(number, category, path(b.call()), JSON, body, List.of(), List.of(), 1);
  }

  // ---- mutations
  // -------------------------------------------------------------------------------------------------

  /**
   * Always invalid JSON: truncated, prefixed with garbage, an unbalanced bracket, or a stray token.
   */
  private byte[] malformed(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    return (switch (random.nextInt(5)) {
          case 0 -> text.substring(0, 1 + random.nextInt(text.length() - 1));
          case 1 -> "x" + text;
          case 2 -> text + "}";
          case 3 -> text.replaceFirst(":", "::");
          default -> text.replace("\"", "'");
        })
        .getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode wrongTypes(ObjectNode e) {
    List<String> fields = new ArrayList<>();
    e.fieldNames().forEachRemaining(fields::add);
    fields.addAll(
        List.of(
            "context",
            "context.page",
            "properties.price",
            "properties.quantity",
            "properties.products",
            "traits",
            "traits.age",
            "traits.consent",
            "timestamp",
            "sentAt",
            "followerCount"));
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      String field = fields.get(random.nextInt(fields.size()));
      put(e, field, randomValueOfAnyType(0));
    }
    return e;
  }

  private JsonNode randomValueOfAnyType(int depth) {
    return switch (random.nextInt(depth > 2 ? 6 : 8)) {
      case 0 -> NODES.numberNode(random.nextInt());
      case 1 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(300)));
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4 -> NODES.textNode(randomText(random.nextInt(20)));
      case 5 -> NODES.numberNode(-random.nextLong());
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomValueOfAnyType(depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(randomText(5), randomValueOfAnyType(depth + 1));
        }
        yield o;
      }
    };
  }

  private ObjectNode hugeString(ObjectNode e) {
    String huge = "x".repeat(20_000 + random.nextInt(400_000));
    put(
        e,
        random.nextBoolean()
            ? "properties.description"
            : random.nextBoolean() ? "anonymousId" : "event",
        NODES.textNode(huge));
    return e;
  }

  private ObjectNode hugeArray(ObjectNode e) {
    ArrayNode array = NODES.arrayNode();
    int n = 1_000 + random.nextInt(60_000);
    boolean products = random.nextBoolean();
    for (int i = 0; i < n; i++) {
      if (products) {
        array.addObject().put("product_id", "p" + i).put("price", i);
      } else {
        array.add(i);
      }
    }
    put(e, products ? "properties.products" : "properties.tags", array);
    return e;
  }

  /** Nested arrays or objects {@code depth} levels deep inside properties, written as text. */
  byte[] deepNesting(ObjectNode e, int depth) {
    put(e, "properties.deep", NODES.textNode("__DEEP__"));
    boolean arrays = random.nextBoolean();
    StringBuilder nested = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      nested.append(arrays ? "[" : "{\"a\":");
    }
    nested.append("1");
    for (int i = 0; i < depth; i++) {
      nested.append(arrays ? "]" : "}");
    }
    return new String(bytes(e), StandardCharsets.UTF_8)
        .replace("\"__DEEP__\"", nested)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Invalid UTF-8 sequences spliced into a string value (or anywhere). */
  private byte[] invalidUtf8(byte[] json) {
    byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
    int at = insideAString(json);
    return splice(json, at, bad);
  }

  /** An unescaped control character, which JSON forbids inside strings and between tokens. */
  private byte[] rawControlCharacter(byte[] json) {
    int c = random.nextInt(0x20);
    if (c == '\t' || c == '\n' || c == '\r') {
      c = 0x01; // whitespace is legal between tokens; keep the input invalid everywhere
    }
    return splice(json, insideAString(json), new byte[] {(byte) c});
  }

  private Input escapedControlCharacters(int number) {
    Built b = validEvent(random.nextBoolean() ? "track" : "social");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      text.append((char) random.nextInt(0x20)).append('\u202E').append("\uD83D\uDE00");
    }
    String field = b.call().equals("track") ? "properties.note" : "text";
    put(b.event(), field, NODES.textNode(text.toString()));
    return new Input(
        number,
        Category.ESCAPED_CONTROL_CHARACTERS,
        path(b.call()),
        JSON,
        bytes(b.event()),
        List.of(b.messageId()),
        List.of(b.topic()),
        1);
  }

  private ObjectNode extremeTimestamps(ObjectNode e) {
    e.put("timestamp", EXTREME_TIMESTAMPS[random.nextInt(EXTREME_TIMESTAMPS.length)]);
    if (random.nextBoolean()) {
      e.put("sentAt", EXTREME_TIMESTAMPS[random.nextInt(EXTREME_TIMESTAMPS.length)]);
    } else {
      e.remove("sentAt");
    }
    return e;
  }

  private Input unknownFields(int number, Built b) {
    for (int i = 1 + random.nextInt(5); i > 0; i--) {
      String where = random.nextBoolean() ? "" : "context.";
      put(
          b.event(),
          where + "x_" + randomText(6).replaceAll("[^a-zA-Z0-9]", "q"),
          randomValueOfAnyType(1));
    }
    return new Input(
        number,
        Category.UNKNOWN_FIELDS,
        path(b.call()),
        JSON,
        bytes(b.event()),
        List.of(b.messageId()),
        List.of(b.topic()),
        1);
  }

  private Input oversized(int number) {
    Built b = validEvent("track");
    int size =
        switch (random.nextInt(3)) {
          case 0 -> MAX_EVENT_BYTES + 1 + random.nextInt(10_000);
          case 1 -> MAX_BATCH_BYTES + 1 + random.nextInt(100_000);
          default -> SERVER_MAX_REQUEST_BYTES + 1 + random.nextInt(500_000);
        };
    put(b.event(), "properties.blob", NODES.textNode("y".repeat(size)));
    boolean batch = size > MAX_EVENT_BYTES * 2 && random.nextBoolean();
    byte[] body = batch ? bytes(batchOf(List.of(b.event()))) : bytes(b.event());
    return new Input(
        number,
        Category.OVERSIZED_BODY,
        batch ? "/v1/batch" : "/v1/track",
        JSON,
        body,
        List.of(),
        List.of(),
        1);
  }

  private Input notAnObject(int number) {
    String[] bodies = {
      "[]",
      "[{\"type\":\"track\"}]",
      "\"track\"",
      "42",
      "null",
      "true",
      "",
      " ",
      "{}",
      "{\"batch\": {}}",
      "{\"batch\": []}",
      "{\"batch\": null}"
    };
    String body = bodies[random.nextInt(bodies.length)];
    String path =
        random.nextBoolean()
            ? "/v1/batch"
            : path(SINGLE_CALLS[random.nextInt(SINGLE_CALLS.length)]);
    return new Input(
        number,
        Category.NOT_AN_OBJECT,
        path,
        JSON,
        body.getBytes(StandardCharsets.UTF_8),
        List.of(),
        List.of(),
        1);
  }

  /**
   * Valid events (kept) interleaved with mutated ones, in one well-formed batch under the batch
   * limit: the valid ones must land, the others be reported by index.
   */
  private Input mixedBatch(int number) {
    boolean social = random.nextInt(5) == 0;
    int size = 2 + random.nextInt(19);
    List<JsonNode> items = new ArrayList<>();
    List<String> validIds = new ArrayList<>();
    List<String> validTopics = new ArrayList<>();
    int validAt = random.nextInt(size);
    boolean blobbed = false;
    for (int i = 0; i < size; i++) {
      Built b = validEvent(social ? "social" : BATCH_CALLS[random.nextInt(BATCH_CALLS.length)]);
      if (social) {
        b.event().remove("type");
      }
      if (i == validAt || random.nextBoolean()) {
        items.add(b.event());
        validIds.add(b.messageId());
        validTopics.add(b.topic());
        continue;
      }
      int mutation = random.nextInt(8);
      if (mutation == 4 && blobbed) {
        mutation = 0;
      }
      blobbed |= mutation == 4;
      items.add(
          switch (mutation) {
            case 0 -> wrongTypes(b.event());
            case 1 -> extremeTimestamps(b.event());
            case 2 -> randomValueOfAnyType(2);
            case 3 -> b.event().put("type", random.nextBoolean() ? "screen" : "");
            case 4 ->
                put(
                    b.event(),
                    "properties.blob",
                    NODES.textNode("z".repeat(MAX_EVENT_BYTES + random.nextInt(4_000))));
            case 5 -> b.event().put("messageId", "m".repeat(101 + random.nextInt(50)));
            case 6 -> {
              b.event().remove("anonymousId");
              b.event().remove("userId");
              yield b.event();
            }
            default -> put(b.event(), "properties", NODES.textNode("not an object"));
          });
    }
    ObjectNode batch = batchOf(items);
    if (random.nextBoolean()) {
      batch.put("sentAt", "2026-11-23T10:00:05Z");
    }
    batch.set("x_unknown", randomValueOfAnyType(1));
    return new Input(
        number,
        Category.MIXED_BATCH,
        social ? "/v1/social" : "/v1/batch",
        JSON,
        bytes(batch),
        validIds,
        validTopics,
        size);
  }

  private static ObjectNode batchOf(List<JsonNode> items) {
    ObjectNode batch = NODES.objectNode();
    batch.putArray("batch").addAll(items);
    return batch;
  }

  // ---- helpers
  // ---------------------------------------------------------------------------------------------------

  /** Sets a value at a dotted path, creating objects on the way (replacing non-objects). */
  private static JsonNode put(ObjectNode root, String dotted, JsonNode value) {
    String[] parts = dotted.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
    return root;
  }

  private String randomText(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) (0x20 + random.nextInt(0x3000)));
    }
    return b.toString();
  }

  /** A position just after the opening quote of some string in the document. */
  private int insideAString(byte[] json) {
    List<Integer> quotes = new ArrayList<>();
    for (int i = 0; i < json.length; i++) {
      if (json[i] == '"') {
        quotes.add(i + 1);
      }
    }
    return quotes.isEmpty() ? json.length / 2 : quotes.get(random.nextInt(quotes.size()));
  }

  private static byte[] splice(byte[] json, int at, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + insert.length);
    out.write(json, 0, at);
    out.write(insert, 0, insert.length);
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
