package io.leadpipe.dashboard.prospects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of a stage group from the top of each stage's ranking: the query API ranks by the sort's
 * score, highest first, ties by visitor id (docs/queries.md), and a page of the merged ranking can
 * only hold prospects from the first {@code offset + limit} of each stage, so that many are asked
 * of each stage and merged in the same order. {@code total} is the sum of the stages' totals.
 */
public final class ProspectMerge {
  private ProspectMerge() {}

  /**
   * @param pages each stage's answer to {@code /v1/prospects} with {@code offset=0, limit=offset +
   *     limit}
   * @param sort the score the rankings are by: {@code engagement}, {@code fit} or {@code influence}
   */
  public static ObjectNode merge(
      StageGroup group, List<JsonNode> pages, String sort, int offset, int limit) {
    long total = 0;
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode page : pages) {
      total += page.path("total").asLong(0);
      page.path("items").forEach(items::add);
    }
    items.sort(
        Comparator.comparingDouble((JsonNode p) -> p.path(sort).asDouble(0))
            .reversed()
            .thenComparing(p -> p.path("visitorId").asText("")));
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("total", total);
    answer.put("offset", offset);
    answer.put("limit", limit);
    answer.put("sort", sort);
    answer.put("stage", group.parameter());
    ArrayNode stages = answer.putArray("stages");
    group.stages().forEach(s -> stages.add(s.name()));
    ArrayNode page = answer.putArray("items");
    items.stream().skip(offset).limit(limit).forEach(page::add);
    return answer;
  }
}
