package io.leadpipe.ingest.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses request bodies. A batch is read as a stream so each event keeps the exact byte range it
 * had in the request: its size is checked against the per-event limit without re-serialising, and a
 * rejected event goes to the dead letters with its original bytes.
 */
public final class BodyParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where Segment's libraries put the write key when they send it in the body. */
  public static final String WRITE_KEY_FIELD = "writeKey";

  /** Content after a single event's object is an error, as after a batch, not silently ignored. */
  private static final ObjectReader SINGLE =
      JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Chars decoded at a time while checking UTF-8; the decoded text itself is not kept. */
  private static final int UTF8_CHECK_CHUNK = 8192;

  /** One event of a batch, with its original bytes (a range of the request body). */
  public record Item(int index, JsonNode node, byte[] body, int start, int end) {
    public int size() {
      return end - start;
    }

    public byte[] original() {
      return Arrays.copyOfRange(body, start, end);
    }
  }

  /**
   * A batch: its events and the batch-level {@code context}, {@code integrations} and {@code
   * sentAt} (raw, or null).
   */
  public record Batch(List<Item> items, JsonNode context, JsonNode integrations, JsonNode sentAt) {}

  private BodyParser() {}

  /** A body with one event: a JSON object. */
  public static JsonNode parseObject(byte[] body) {
    requireUtf8(body);
    JsonNode node;
    try {
      node = SINGLE.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    } catch (IOException e) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_JSON, "The body could not be read", List.of());
    }
    if (node == null || node.isMissingNode() || !node.isObject()) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_REQUEST, "The body must be a JSON object", List.of());
    }
    return node;
  }

  /**
   * True when the body's top-level object has a {@code batch} field (the social endpoint takes both
   * forms).
   */
  public static boolean isBatch(JsonNode object) {
    return object.has("batch");
  }

  /** A body {@code {"batch": [...], "context": {...}, "sentAt": "..."}} read as a stream. */
  public static Batch parseBatch(byte[] body) {
    requireUtf8(body);
    List<Item> items = new ArrayList<>();
    JsonNode context = null;
    JsonNode integrations = null;
    JsonNode sentAt = null;
    boolean sawBatch = false;
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidBodyException(
            IngestProblem.INVALID_REQUEST, "The body must be a JSON object", List.of());
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "batch" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new InvalidBodyException(
                  IngestProblem.INVALID_REQUEST,
                  "batch must be an array",
                  List.of(new Violation("batch", "must be an array")));
            }
            sawBatch = true;
            readItems(p, body, items);
          }
          case "context" -> context = JSON.readTree(p);
          case "integrations" -> integrations = JSON.readTree(p);
          case "sentAt" -> sentAt = JSON.readTree(p);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidBodyException(
            IngestProblem.INVALID_JSON, "Unexpected content after the JSON object", List.of());
      }
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    } catch (IOException e) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_JSON, "The body could not be read", List.of());
    }
    if (!sawBatch) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_REQUEST,
          "batch is required",
          List.of(new Violation("batch", "is required")));
    }
    if (items.isEmpty()) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_REQUEST,
          "batch must not be empty",
          List.of(new Violation("batch", "must not be empty")));
    }
    return new Batch(items, context, integrations, sentAt);
  }

  private static void readItems(JsonParser p, byte[] body, List<Item> items) throws IOException {
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      int start = (int) p.currentTokenLocation().getByteOffset();
      JsonNode node = JSON.readTree(p);
      int end = (int) p.currentLocation().getByteOffset();
      items.add(new Item(index++, node, body, start, end));
    }
  }

  /**
   * JSON between systems is UTF-8 (RFC 8259). Jackson reads some invalid sequences instead of
   * refusing them — an overlong {@code C0 AF} becomes "/", an encoded surrogate a lone surrogate —
   * so the bytes are checked strictly first, and such a body is invalid JSON like any other.
   */
  static void requireUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(UTF8_CHECK_CHUNK);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw new InvalidBodyException(
            IngestProblem.INVALID_JSON,
            "The body is not valid UTF-8 at byte " + in.position(),
            List.of());
      }
    } while (result.isOverflow());
  }

  /**
   * The {@code writeKey} field of the body's top-level object, as Segment's libraries may send it
   * instead of Basic auth; null when the body has none (or is not a JSON object). Only the top
   * level is read, token by token: the events are not parsed here.
   */
  public static String writeKey(byte[] body) {
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (WRITE_KEY_FIELD.equals(name)) {
          return value == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      // Not JSON: no key to be found; the body's own error is reported once authenticated.
      return null;
    }
  }

  private static InvalidBodyException invalidJson(JsonProcessingException e) {
    // Location only: the message of a parse error may quote the body, which can hold personal data.
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return new InvalidBodyException(
        IngestProblem.INVALID_JSON, "The body is not valid JSON" + where, List.of());
  }
}
