package io.leadpipe.scoring.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.service.problem.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an admin request body into a {@link SegmentDraft}, reporting every wrong field with its
 * path at once:
 *
 * <pre>{"segmentId": "vip", "name": "VIPs", "description": "...", "category": "SCORE",
 *  "rule": {"attr": "engagement.score", "op": "gte", "value": 80}, "enabled": true}</pre>
 *
 * {@code rule} may also be the rule as a JSON string. Unknown fields are rejected, so a typo is not
 * ignored.
 */
public final class SegmentDrafts {

  /** Lower-case letters, digits, '-' and '_': safe in URLs, topic keys and metric tags. */
  static final Pattern SEGMENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /**
   * Paths under /admin/segments that are not a segment ({@code GET /admin/segments/reevaluation}).
   */
  static final Set<String> RESERVED_IDS = Set.of("reevaluation");

  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 500;
  private static final Set<String> FIELDS =
      Set.of("segmentId", "name", "description", "category", "rule", "enabled");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SegmentDrafts() {}

  /**
   * @param pathId the id from the URL for an update, or null for a create (then the body must carry
   *     it)
   * @throws InvalidSegmentException with every violation found
   */
  public static SegmentDraft parse(String body, String pathId) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidSegmentException(
          true, List.of(new Violation("", "the body is not valid JSON")));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSegmentException(
          false, List.of(new Violation("", "the body must be a JSON object")));
    }
    List<Violation> violations = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        violations.add(new Violation(field, "unknown field"));
      }
    }
    String id = segmentId(root.get("segmentId"), pathId, violations);
    String name = text(root.get("name"), "name", true, MAX_NAME, violations);
    String description =
        text(root.get("description"), "description", false, MAX_DESCRIPTION, violations);
    SegmentCategory category = category(root.get("category"), violations);
    String rule = rule(root.get("rule"), violations);
    boolean enabled = enabled(root.get("enabled"), violations);
    if (!violations.isEmpty()) {
      throw new InvalidSegmentException(false, violations);
    }
    return new SegmentDraft(id, name, description, category, rule, enabled);
  }

  /** {@code ruleJson} compacted, or {@link InvalidSegmentException} with the located violation. */
  public static String validRule(String ruleJson) {
    List<Violation> violations = new ArrayList<>();
    String rule = rule(JSON.getNodeFactory().textNode(ruleJson), violations);
    if (!violations.isEmpty()) {
      throw new InvalidSegmentException(false, violations);
    }
    return rule;
  }

  private static String segmentId(JsonNode node, String pathId, List<Violation> violations) {
    if (pathId != null) {
      if (node != null && !(node.isTextual() && node.asText().equals(pathId))) {
        violations.add(
            new Violation(
                "segmentId", "must match the id in the URL ('" + pathId + "') or be left out"));
      }
      return pathId;
    }
    if (node == null || node.isNull()) {
      violations.add(new Violation("segmentId", "is required"));
      return null;
    }
    if (!node.isTextual() || !SEGMENT_ID.matcher(node.asText()).matches()) {
      violations.add(
          new Violation(
              "segmentId",
              "must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit"));
      return null;
    }
    if (RESERVED_IDS.contains(node.asText())) {
      violations.add(
          new Violation("segmentId", "'" + node.asText() + "' is reserved by the admin API"));
      return null;
    }
    return node.asText();
  }

  private static String text(
      JsonNode node, String field, boolean required, int maxLength, List<Violation> violations) {
    if (node == null || node.isNull()) {
      if (required) {
        violations.add(new Violation(field, "is required"));
      }
      return null;
    }
    if (!node.isTextual()) {
      violations.add(new Violation(field, "must be a string"));
      return null;
    }
    String value = node.asText().strip();
    if (required && value.isEmpty()) {
      violations.add(new Violation(field, "must not be blank"));
    } else if (value.length() > maxLength) {
      violations.add(new Violation(field, "must be at most " + maxLength + " characters"));
    }
    return value.isEmpty() ? null : value;
  }

  private static SegmentCategory category(JsonNode node, List<Violation> violations) {
    if (node == null || node.isNull()) {
      return SegmentCategory.MIXED;
    }
    for (SegmentCategory c : SegmentCategory.values()) {
      if (node.isTextual() && c.name().equals(node.asText())) {
        return c;
      }
    }
    violations.add(
        new Violation("category", "must be one of " + Arrays.toString(SegmentCategory.values())));
    return null;
  }

  private static String rule(JsonNode node, List<Violation> violations) {
    if (node == null || node.isNull()) {
      violations.add(new Violation("rule", "is required"));
      return null;
    }
    JsonNode tree = node;
    if (node.isTextual()) {
      try {
        tree = JSON.readTree(node.asText());
      } catch (JsonProcessingException e) {
        violations.add(new Violation("rule", "rule is not valid JSON"));
        return null;
      }
    }
    if (tree == null) {
      violations.add(new Violation("rule", "is required"));
      return null;
    }
    var located = RuleLocator.locate(tree, "rule");
    if (located.isPresent()) {
      violations.add(located.get());
      return null;
    }
    return tree.toString();
  }

  private static boolean enabled(JsonNode node, List<Violation> violations) {
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      violations.add(new Violation("enabled", "must be true or false"));
      return true;
    }
    return node.asBoolean();
  }
}
