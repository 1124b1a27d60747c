package io.leadpipe.scoring.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentRuleTest {

  private static boolean eval(String rule, Map<String, ?> profile) {
    return SegmentEvaluator.matches(SegmentRuleParser.parse(rule), profile);
  }

  @Test
  void allAnyNotOverComparisons() {
    String rule =
        """
                {"all":[{"attr":"engagement.score","op":"gte","value":50},
                        {"any":[{"attr":"traits.country","op":"in","value":["DE","FR"]},
                                {"attr":"interests","op":"contains","value":"shoes"}]},
                        {"not":{"attr":"stage","op":"eq","value":"CUSTOMER"}}]}""";

    assertThat(
            eval(
                rule, Map.of("engagement.score", 60.0, "traits.country", "de", "stage", "VISITOR")))
        .isTrue();
    assertThat(
            eval(
                rule,
                Map.of(
                    "engagement.score", 60.0, "interests", List.of("Shoes"), "stage", "VISITOR")))
        .isTrue();
    assertThat(
            eval(
                rule, Map.of("engagement.score", 49.9, "traits.country", "DE", "stage", "VISITOR")))
        .isFalse();
    assertThat(
            eval(
                rule,
                Map.of("engagement.score", 60.0, "traits.country", "DE", "stage", "CUSTOMER")))
        .isFalse();
    assertThat(
            eval(
                rule, Map.of("engagement.score", 60.0, "traits.country", "US", "stage", "VISITOR")))
        .isFalse();
  }

  @Test
  void missingAttributesNeverMatchAComparison() {
    assertThat(eval("{\"attr\":\"traits.age\",\"op\":\"lt\",\"value\":30}", Map.of())).isFalse();
    assertThat(eval("{\"attr\":\"traits.age\",\"op\":\"neq\",\"value\":30}", Map.of())).isFalse();
    assertThat(eval("{\"not\":{\"attr\":\"traits.age\",\"op\":\"exists\"}}", Map.of())).isTrue();
  }

  @Test
  void typeMismatchNeverOrders() {
    assertThat(
            eval(
                "{\"attr\":\"traits.age\",\"op\":\"gte\",\"value\":\"abc\"}",
                Map.of("traits.age", 40)))
        .isFalse();
    assertThat(
            eval(
                "{\"attr\":\"traits.age\",\"op\":\"lte\",\"value\":\"abc\"}",
                Map.of("traits.age", 40)))
        .isFalse();
  }

  @Test
  void rejectsUnknownAttributesOperatorsKeysAndHugeRules() {
    assertThatThrownBy(
            () -> SegmentRuleParser.parse("{\"attr\":\"traits.agee\",\"op\":\"eq\",\"value\":1}"))
        .isInstanceOf(InvalidSegmentRuleException.class)
        .hasMessageContaining("unknown attribute");
    assertThatThrownBy(
            () ->
                SegmentRuleParser.parse("{\"attr\":\"traits.age\",\"op\":\"matches\",\"value\":1}"))
        .hasMessageContaining("unknown operator");
    assertThatThrownBy(
            () ->
                SegmentRuleParser.parse(
                    "{\"attr\":\"traits.age\",\"op\":\"eq\",\"value\":1,\"script\":\"x\"}"))
        .hasMessageContaining("unknown key");
    assertThatThrownBy(
            () -> SegmentRuleParser.parse("{\"attr\":\"traits.age\",\"op\":\"in\",\"value\":1}"))
        .hasMessageContaining("needs an array");
    assertThatThrownBy(() -> SegmentRuleParser.parse("not json"))
        .hasMessageContaining("not valid JSON");
    String deep = "{\"not\":".repeat(9) + "{\"attr\":\"stage\",\"op\":\"exists\"}" + "}".repeat(9);
    assertThatThrownBy(() -> SegmentRuleParser.parse(deep)).hasMessageContaining("deeper");
  }

  @Test
  void defaultSegmentsParse() {
    DefaultSegments.ALL.forEach(d -> assertThat(SegmentRuleParser.parse(d.rule())).isNotNull());
    var hot = SegmentRuleParser.parse(DefaultSegments.ALL.get(0).rule());
    assertThat(
            SegmentEvaluator.matches(
                hot, Map.of("engagement.score", 55.0, "fit.grade", "B", "activity.purchases", 0)))
        .isTrue();
  }
}
