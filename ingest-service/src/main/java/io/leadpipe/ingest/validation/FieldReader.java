package io.leadpipe.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.service.problem.Violation;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed fields out of a JSON tree and collects every violation (with its path) instead of
 * stopping at the first, so a client sees all that is wrong with an event in one answer.
 *
 * <p>Missing and JSON {@code null} fields read as Java {@code null}; a present field of the wrong
 * type is a violation. Ids may be JSON strings or integers (shops often use numeric product ids).
 */
public final class FieldReader {

  /** The four-digit years of ISO-8601, as clients (e.g. JavaScript's toISOString) write them. */
  static final Instant EARLIEST_TIMESTAMP = Instant.parse("0000-01-01T00:00:00Z");

  static final Instant LATEST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private final List<Violation> violations = new ArrayList<>();

  public List<Violation> violations() {
    return violations;
  }

  public boolean hasViolations() {
    return !violations.isEmpty();
  }

  public void violation(String path, String message) {
    violations.add(new Violation(path, message));
  }

  public static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  public static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  /** The field, or null when missing or JSON null. */
  public static JsonNode field(JsonNode parent, String name) {
    if (parent == null) {
      return null;
    }
    JsonNode node = parent.get(name);
    return node == null || node.isNull() ? null : node;
  }

  /**
   * The first of several accepted spellings (e.g. {@code product_id}, {@code productId}) that is
   * present.
   */
  public static String firstPresent(JsonNode parent, String... names) {
    for (String name : names) {
      if (field(parent, name) != null) {
        return name;
      }
    }
    return names[0];
  }

  public String text(JsonNode parent, String name, String parentPath, int maxLength) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    String path = path(parentPath, name);
    if (!node.isTextual()) {
      violation(path, "must be a string");
      return null;
    }
    return bounded(node.textValue(), path, maxLength);
  }

  public String requiredText(JsonNode parent, String name, String parentPath, int maxLength) {
    String value = text(parent, name, parentPath, maxLength);
    if (value == null && field(parent, name) == null) {
      violation(path(parentPath, name), "is required");
    } else if (value != null && value.isBlank()) {
      violation(path(parentPath, name), "must not be blank");
      return null;
    }
    return value;
  }

  /** A string or an integral number, as text. */
  public String id(JsonNode parent, String name, String parentPath, int maxLength) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    String path = path(parentPath, name);
    if (node.isTextual()) {
      String value = node.textValue();
      if (value.isBlank()) {
        violation(path, "must not be blank");
        return null;
      }
      return bounded(value, path, maxLength);
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    violation(path, "must be a string or an integer");
    return null;
  }

  public Double number(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      violation(path(parentPath, name), "must be a number");
      return null;
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      violation(path(parentPath, name), "must be a finite number");
      return null;
    }
    return value;
  }

  public Integer integer(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      violation(path(parentPath, name), "must be an integer");
      return null;
    }
    return node.intValue();
  }

  public Long nonNegativeLong(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      violation(path(parentPath, name), "must be a non-negative integer");
      return null;
    }
    return node.longValue();
  }

  public JsonNode object(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      violation(path(parentPath, name), "must be an object");
      return null;
    }
    return node;
  }

  public JsonNode array(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      violation(path(parentPath, name), "must be an array");
      return null;
    }
    return node;
  }

  /**
   * An ISO-8601 date-time with offset, e.g. {@code 2026-11-23T08:00:00.123Z}, as Segment sends it.
   */
  public Instant timestamp(JsonNode parent, String name, String parentPath) {
    JsonNode node = field(parent, name);
    if (node == null) {
      return null;
    }
    String path = path(parentPath, name);
    if (!node.isTextual()) {
      violation(path, "must be an ISO-8601 date-time string");
      return null;
    }
    Instant instant;
    try {
      instant =
          OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
    } catch (DateTimeException e) {
      violation(path, "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T08:00:00Z");
      return null;
    }
    // Years beyond four digits parse, but overflow epoch milliseconds (the records' time unit) and
    // the skew
    // correction's arithmetic: a bad clock value must be a 400, not a 500 or a 503 that clients
    // retry forever.
    if (instant.isBefore(EARLIEST_TIMESTAMP) || instant.isAfter(LATEST_TIMESTAMP)) {
      violation(path, "must be between years 0000 and 9999");
      return null;
    }
    return instant;
  }

  private String bounded(String value, String path, int maxLength) {
    if (value.length() > maxLength) {
      violation(path, "must be at most " + maxLength + " characters");
      return null;
    }
    return value;
  }
}
