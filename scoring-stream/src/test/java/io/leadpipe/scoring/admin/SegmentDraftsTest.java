package io.leadpipe.scoring.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.service.problem.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentDraftsTest {

  private static List<Violation> violations(String body, String pathId) {
    return catchThrowableOfType(
            InvalidSegmentException.class, () -> SegmentDrafts.parse(body, pathId))
        .violations();
  }

  @Test
  void aCompleteDefinitionIsReadWithItsRuleCompacted() {
    SegmentDraft d =
        SegmentDrafts.parse(
            """
        {"segmentId": "vip", "name": " VIPs ", "description": "Big spenders", "category": "SCORE",
         "rule": {"attr": "rfm.monetary", "op": "gte", "value": 1000}, "enabled": false}""",
            null);

    assertThat(d)
        .isEqualTo(
            new SegmentDraft(
                "vip",
                "VIPs",
                "Big spenders",
                SegmentCategory.SCORE,
                "{\"attr\":\"rfm.monetary\",\"op\":\"gte\",\"value\":1000}",
                false));
  }

  @Test
  void optionalFieldsDefaultAndTheRuleMayBeAString() {
    SegmentDraft d =
        SegmentDrafts.parse(
            """
        {"segmentId": "de", "name": "Germany", "rule": "{\\"attr\\":\\"traits.country\\",\\"op\\":\\"eq\\",\\"value\\":\\"DE\\"}"}""",
            null);

    assertThat(d.category()).isEqualTo(SegmentCategory.MIXED);
    assertThat(d.enabled()).isTrue();
    assertThat(d.description()).isNull();
    assertThat(d.rule()).isEqualTo("{\"attr\":\"traits.country\",\"op\":\"eq\",\"value\":\"DE\"}");
  }

  @Test
  void everyWrongFieldIsReportedAtOnceWithItsPath() {
    List<Violation> v =
        violations(
            """
        {"segmentId": "Bad Id!", "name": "", "category": "FANCY", "enabled": "yes", "colour": "red",
         "rule": {"all": [{"attr": "engagement.score", "op": "gte", "value": 10},
                          {"attr": "traits.shoeSize", "op": "eq", "value": 42}]}}""",
            null);

    assertThat(v)
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "colour", "segmentId", "name", "category", "rule.all[1].attr", "enabled");
    assertThat(v)
        .filteredOn(x -> x.field().equals("rule.all[1].attr"))
        .singleElement()
        .extracting(Violation::message)
        .asString()
        .contains("unknown attribute 'traits.shoeSize'");
  }

  @Test
  void ruleViolationsPointAtTheFaultyKeyOfTheFaultyNode() {
    assertThat(
            violations(
                body("{\"any\":[{\"not\":{\"attr\":\"stage\",\"op\":\"like\",\"value\":\"X\"}}]}"),
                null))
        .containsExactly(new Violation("rule.any[0].not.op", "unknown operator 'like'"));
    assertThat(violations(body("{\"attr\":\"stage\",\"op\":\"in\",\"value\":\"CUSTOMER\"}"), null))
        .containsExactly(new Violation("rule.value", "operator 'in' needs an array"));
    assertThat(
            violations(
                body("{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"CUSTOMER\",\"why\":1}"), null))
        .containsExactly(new Violation("rule.why", "unknown key 'why'"));
    assertThat(violations(body("{\"all\":[],\"any\":[]}"), null))
        .containsExactly(new Violation("rule", "'all' must be the only key of its object"));
    assertThat(violations(body("{\"all\":{}}"), null))
        .containsExactly(new Violation("rule.all", "all/any take an array"));
    assertThat(violations(body("[1]"), null))
        .containsExactly(new Violation("rule", "each rule must be a JSON object"));
  }

  @Test
  void aRuleTooDeepAsAWholeIsReportedOnTheRule() {
    String rule = "{\"attr\":\"stage\",\"op\":\"exists\"}";
    for (int i = 0; i < 8; i++) {
      rule = "{\"not\":" + rule + "}";
    }
    assertThat(violations(body(rule), null)).extracting(Violation::field).containsExactly("rule");
  }

  @Test
  void requiredFieldsAndBodyShape() {
    assertThat(violations("{}", null))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("segmentId", "name", "rule");
    assertThat(violations("[]", null)).extracting(Violation::field).containsExactly("");
    InvalidSegmentException notJson =
        catchThrowableOfType(
            InvalidSegmentException.class, () -> SegmentDrafts.parse("{not json", null));
    assertThat(notJson.malformedJson()).isTrue();
  }

  @Test
  void theReevaluationStatusPathIsNoSegmentId() {
    String rule = "\"rule\": {\"attr\": \"stage\", \"op\": \"exists\"}";
    assertThat(violations("{\"segmentId\": \"reevaluation\", \"name\": \"n\", " + rule + "}", null))
        .extracting(Violation::message)
        .containsExactly("'reevaluation' is reserved by the admin API");
  }

  @Test
  void anUpdateTakesTheIdFromTheUrlAndRejectsADifferentOneInTheBody() {
    String rule = "\"rule\": {\"attr\": \"stage\", \"op\": \"exists\"}";
    assertThat(SegmentDrafts.parse("{\"name\": \"n\", " + rule + "}", "from-url").segmentId())
        .isEqualTo("from-url");
    assertThat(violations("{\"segmentId\": \"other\", \"name\": \"n\", " + rule + "}", "from-url"))
        .extracting(Violation::field)
        .containsExactly("segmentId");
  }

  @Test
  void everyDefaultSegmentRuleIsValid() {
    io.leadpipe.scoring.segment.DefaultSegments.ALL.forEach(
        d -> assertThat(SegmentDrafts.validRule(d.rule())).isNotBlank());
  }

  private static String body(String rule) {
    return "{\"segmentId\": \"s\", \"name\": \"S\", \"rule\": " + rule + "}";
  }
}
