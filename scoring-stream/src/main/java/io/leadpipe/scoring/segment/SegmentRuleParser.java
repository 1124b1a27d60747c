package io.leadpipe.scoring.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Parses the JSON rule format (docs/segments.md) into a {@link SegmentRule}; rejects unknown keys,
 * operators and attributes, and bounds the size (depth 8, 200 nodes) so a rule cannot be used to
 * exhaust the stream threads.
 */
public final class SegmentRuleParser {

  static final int MAX_DEPTH = 8;
  static final int MAX_NODES = 200;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Set<String> attributes;
  private int nodes;

  private SegmentRuleParser(Set<String> attributes) {
    this.attributes = attributes;
  }

  public static SegmentRule parse(String json) {
    return parse(json, ProfileAttributes.KNOWN);
  }

  public static SegmentRule parse(String json, Set<String> attributes) {
    if (json == null || json.isBlank()) {
      throw new InvalidSegmentRuleException("rule is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidSegmentRuleException("rule is not valid JSON");
    }
    return new SegmentRuleParser(attributes).node(root, 1);
  }

  private SegmentRule node(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidSegmentRuleException("rule nested deeper than " + MAX_DEPTH);
    }
    if (++nodes > MAX_NODES) {
      throw new InvalidSegmentRuleException("rule has more than " + MAX_NODES + " nodes");
    }
    if (n == null || !n.isObject()) {
      throw new InvalidSegmentRuleException("each rule must be a JSON object");
    }
    if (n.has("all")) {
      only(n, "all");
      return new SegmentRule.All(children(n.get("all"), depth));
    }
    if (n.has("any")) {
      only(n, "any");
      return new SegmentRule.Any(children(n.get("any"), depth));
    }
    if (n.has("not")) {
      only(n, "not");
      return new SegmentRule.Not(node(n.get("not"), depth + 1));
    }
    return compare(n);
  }

  private List<SegmentRule> children(JsonNode array, int depth) {
    if (!array.isArray()) {
      throw new InvalidSegmentRuleException("all/any take an array");
    }
    List<SegmentRule> out = new ArrayList<>();
    array.forEach(c -> out.add(node(c, depth + 1)));
    return List.copyOf(out);
  }

  private SegmentRule compare(JsonNode n) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("attr", "op", "value").contains(f)) {
        throw new InvalidSegmentRuleException("unknown key '" + f + "'");
      }
    }
    JsonNode attr = n.get("attr");
    JsonNode op = n.get("op");
    if (attr == null || !attr.isTextual() || op == null || !op.isTextual()) {
      throw new InvalidSegmentRuleException("a comparison needs string 'attr' and 'op'");
    }
    if (!attributes.contains(attr.asText())) {
      throw new InvalidSegmentRuleException("unknown attribute '" + attr.asText() + "'");
    }
    SegmentRule.Op o = SegmentRule.Op.of(op.asText());
    JsonNode v = n.get("value");
    if (o == SegmentRule.Op.EXISTS) {
      return new SegmentRule.Compare(attr.asText(), o, null);
    }
    if (v == null) {
      throw new InvalidSegmentRuleException("operator '" + o.json() + "' needs a value");
    }
    boolean listOp = o == SegmentRule.Op.IN || o == SegmentRule.Op.NOT_IN;
    if (listOp != v.isArray()) {
      throw new InvalidSegmentRuleException(
          "operator '" + o.json() + (listOp ? "' needs an array" : "' needs a scalar"));
    }
    if (listOp) {
      List<Object> values = new ArrayList<>();
      v.forEach(e -> values.add(scalar(e)));
      return new SegmentRule.Compare(attr.asText(), o, List.copyOf(values));
    }
    return new SegmentRule.Compare(attr.asText(), o, scalar(v));
  }

  private static Object scalar(JsonNode v) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    throw new InvalidSegmentRuleException("values must be strings, numbers or booleans");
  }

  private static void only(JsonNode n, String key) {
    if (n.size() != 1) {
      throw new InvalidSegmentRuleException("'" + key + "' must be the only key of its object");
    }
  }
}
