package io.leadpipe.scoring.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.scoring.segment.InvalidSegmentRuleException;
import io.leadpipe.scoring.segment.ProfileAttributes;
import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.service.problem.Violation;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Points at the part of a rule that {@link SegmentRuleParser} rejects: {@code rule.all[1].attr}
 * rather than just "rule". The parser stays the only judge of validity; this descends to the
 * smallest subtree it still rejects, and within a comparison names the key at fault, checking in
 * the parser's own order.
 */
public final class RuleLocator {

  private static final Set<String> COMPARISON_KEYS = Set.of("attr", "op", "value");
  private static final Set<String> COMBINATORS = Set.of("all", "any", "not");

  private RuleLocator() {}

  /** The violation of {@code rule} (found at {@code path}), or empty when the parser accepts it. */
  public static Optional<Violation> locate(JsonNode rule, String path) {
    return rejection(rule).map(message -> narrow(rule, path, message));
  }

  private static Optional<String> rejection(JsonNode node) {
    try {
      SegmentRuleParser.parse(node.toString());
      return Optional.empty();
    } catch (InvalidSegmentRuleException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Violation narrow(JsonNode node, String path, String message) {
    if (!node.isObject()) {
      return new Violation(path, message);
    }
    Optional<String> combinator = COMBINATORS.stream().filter(node::has).findFirst();
    if (combinator.isPresent()) {
      String key = combinator.get();
      if (node.size() != 1) {
        return new Violation(path, message);
      }
      JsonNode children = node.get(key);
      if ("not".equals(key)) {
        return locate(children, path + ".not").orElse(new Violation(path, message));
      }
      if (!children.isArray()) {
        return new Violation(path + "." + key, message);
      }
      for (int i = 0; i < children.size(); i++) {
        Optional<Violation> inChild = locate(children.get(i), path + "." + key + "[" + i + "]");
        if (inChild.isPresent()) {
          return inChild.get();
        }
      }
      // Every child is fine alone: the limit on depth or size is exceeded by the whole.
      return new Violation(path, message);
    }
    return new Violation(path + "." + faultyComparisonKey(node), message);
  }

  private static String faultyComparisonKey(JsonNode node) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!COMPARISON_KEYS.contains(key)) {
        return key;
      }
    }
    JsonNode attr = node.get("attr");
    if (attr == null || !attr.isTextual()) {
      return "attr";
    }
    JsonNode op = node.get("op");
    if (op == null || !op.isTextual()) {
      return "op";
    }
    if (!ProfileAttributes.KNOWN.contains(attr.asText())) {
      return "attr";
    }
    boolean knownOp =
        Arrays.stream(SegmentRule.Op.values()).anyMatch(o -> o.json().equals(op.asText()));
    return knownOp ? "value" : "op";
  }
}
