package io.leadpipe.dashboard.prospects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.dashboard.support.DashboardJson;
import io.leadpipe.service.problem.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProspectMergeTest {

  private static JsonNode page(long total, Object... idAndEngagement) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < idAndEngagement.length; i += 2) {
      items
          .append(i == 0 ? "" : ",")
          .append("{\"visitorId\":\"")
          .append(idAndEngagement[i])
          .append("\",\"engagement\":")
          .append(idAndEngagement[i + 1])
          .append(",\"fit\":0}");
    }
    return DashboardJson.read("{\"total\":" + total + ",\"items\":[" + items + "]}").orElseThrow();
  }

  private static List<String> ids(ObjectNode answer) {
    List<String> ids = new ArrayList<>();
    answer.path("items").forEach(p -> ids.add(p.path("visitorId").asText()));
    return ids;
  }

  @Test
  void stagesMergeIntoOneRankingByScoreThenVisitorIdAndTotalsAdd() {
    ObjectNode answer =
        ProspectMerge.merge(
            StageGroup.POTENTIAL,
            List.of(page(7, "v-b", 50.0, "v-d", 10.0), page(2, "v-a", 50.0), page(0)),
            "engagement",
            0,
            3);

    assertThat(ids(answer)).containsExactly("v-a", "v-b", "v-d");
    assertThat(answer.path("total").asLong()).isEqualTo(9);
    assertThat(answer.path("stage").asText()).isEqualTo("potential");
    assertThat(answer.path("stages").toString())
        .isEqualTo("[\"VISITOR\",\"ENGAGED_PROSPECT\",\"HESITATING_BUYER\"]");
  }

  @Test
  void anOffsetSkipsIntoTheMergedRankingAndTheSortPicksTheScore() {
    ObjectNode second =
        ProspectMerge.merge(
            StageGroup.CUSTOMERS,
            List.of(page(3, "v-1", 9.0, "v-2", 3.0), page(1, "v-3", 5.0)),
            "engagement",
            1,
            1);
    assertThat(ids(second)).containsExactly("v-3");

    ObjectNode byFit =
        ProspectMerge.merge(
            StageGroup.CUSTOMERS, List.of(page(1, "v-1", 9.0), page(1, "v-0", 5.0)), "fit", 0, 2);
    assertThat(ids(byFit)).as("equal fit: visitor id decides").containsExactly("v-0", "v-1");
  }

  @Test
  void groupQueriesAreCheckedAgainstTheQueryApisPageBounds() {
    GroupQuery defaults = GroupQuery.parse(StageGroup.POTENTIAL, null, null, null, 20, 100);
    assertThat(defaults.valid()).isTrue();
    assertThat(defaults.sort()).isEqualTo("engagement");
    assertThat(defaults.depth()).isEqualTo(20);

    assertThat(GroupQuery.parse(StageGroup.POTENTIAL, "fit", "10", "90", 20, 100).depth())
        .isEqualTo(100);
    assertThat(GroupQuery.parse(StageGroup.POTENTIAL, "fit", "20", "90", 20, 100).violations())
        .extracting(Violation::field)
        .containsExactly("offset");
    assertThat(GroupQuery.parse(StageGroup.CUSTOMERS, "bogus", "0", "x", 20, 100).violations())
        .extracting(Violation::field)
        .containsExactly("sort", "limit", "offset");
  }

  @Test
  void groupsAreNamedInAnyCaseAndStagesAreNotGroups() {
    assertThat(StageGroup.of("Potential")).contains(StageGroup.POTENTIAL);
    assertThat(StageGroup.of("customers")).contains(StageGroup.CUSTOMERS);
    assertThat(StageGroup.of("CUSTOMER")).isEmpty();
    assertThat(StageGroup.of(null)).isEmpty();
  }
}
