package io.leadpipe.scoring.segment;

import java.util.List;

/**
 * A parsed segment rule: a tree of all/any/not over comparisons of profile attributes. Data only,
 * never code: the evaluator knows a fixed set of operators and attributes.
 */
public sealed interface SegmentRule {

  /** Every child must hold (an empty "all" holds). */
  record All(List<SegmentRule> rules) implements SegmentRule {}

  /** At least one child must hold (an empty "any" does not hold). */
  record Any(List<SegmentRule> rules) implements SegmentRule {}

  /** The child must not hold. */
  record Not(SegmentRule rule) implements SegmentRule {}

  /** attribute op value; value is a String, Double, Boolean or List of those. */
  record Compare(String attribute, Op op, Object value) implements SegmentRule {}

  /** The fixed operator set. */
  enum Op {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    IN("in"),
    NOT_IN("notIn"),
    CONTAINS("contains"),
    EXISTS("exists");

    private final String json;

    Op(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    static Op of(String json) {
      for (Op op : values()) {
        if (op.json.equals(json)) {
          return op;
        }
      }
      throw new InvalidSegmentRuleException("unknown operator '" + json + "'");
    }
  }
}
