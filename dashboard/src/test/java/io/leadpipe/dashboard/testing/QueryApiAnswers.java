package io.leadpipe.dashboard.testing;

import io.leadpipe.dashboard.support.DashboardJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers in the shapes scoring-stream's query API gives (docs/queries.md), for the fake query API.
 */
public final class QueryApiAnswers {
  private QueryApiAnswers() {}

  public static String segmentSizes(
      String id, String name, long members, String id2, String name2, long members2) {
    return DashboardJson.write(
        Map.of(
            "profiles",
            members + members2,
            "segments",
            List.of(size(id, name, members), size(id2, name2, members2))));
  }

  private static Map<String, Object> size(String id, String name, long members) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("segmentId", id);
    m.put("name", name);
    m.put("members", members);
    return m;
  }

  /**
   * Profiles now per stage, visitor to repeat customer; "reached" adds up the stages further down.
   */
  public static String funnel(
      long visitors, long engaged, long hesitating, long customers, long repeat) {
    long[] now = {visitors, engaged, hesitating, customers, repeat};
    String[] names = {
      "VISITOR", "ENGAGED_PROSPECT", "HESITATING_BUYER", "CUSTOMER", "REPEAT_CUSTOMER"
    };
    List<Map<String, Object>> stages = new java.util.ArrayList<>();
    long reached = 0;
    for (int i = names.length - 1; i >= 0; i--) {
      reached += now[i];
      stages.add(0, Map.of("stage", names[i], "profiles", now[i], "reached", reached));
    }
    return DashboardJson.write(Map.of("total", reached, "stages", stages));
  }

  /**
   * One mismatched age dimension and one matching dimension named {@code otherDimension} with
   * {@code otherTarget}.
   */
  public static String audience(String otherDimension, String otherTarget) {
    Map<String, Object> age =
        dimension(
            "age",
            "25-45",
            50,
            15,
            true,
            List.of(
                Map.of("value", "18-24", "profiles", 35, "share", 0.7, "inTarget", false),
                Map.of("value", "25-45", "profiles", 15, "share", 0.3, "inTarget", true)));
    Map<String, Object> other =
        dimension(
            otherDimension,
            otherTarget,
            20,
            18,
            false,
            List.of(Map.of("value", otherTarget, "profiles", 18, "share", 0.9, "inTarget", true)));
    return DashboardJson.write(Map.of("prospects", 60, "dimensions", List.of(age, other)));
  }

  private static Map<String, Object> dimension(
      String name,
      String target,
      long known,
      long matching,
      boolean mismatch,
      List<Map<String, Object>> distribution) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("dimension", name);
    d.put("constrained", true);
    d.put("target", List.of(target));
    d.put("known", known);
    d.put("matching", matching);
    d.put("matchShare", (double) matching / known);
    d.put("mismatchScore", 1 - (double) matching / known);
    d.put("mismatch", mismatch);
    d.put("distribution", distribution);
    return d;
  }

  /** A page with one prospect whose id and top engagement signal are the given texts. */
  public static String prospects(String visitorId, String signal) {
    Map<String, Object> prospect = new LinkedHashMap<>();
    prospect.put("visitorId", visitorId);
    prospect.put("userId", null);
    prospect.put("stage", "HESITATING_BUYER");
    prospect.put("engagement", 61.5);
    prospect.put("fit", 90.6);
    prospect.put("fitGrade", "A");
    prospect.put("influence", 12.0);
    prospect.put(
        "leadTypes",
        Map.of(
            "purchaseFrequency",
            "NONE",
            "purchaseVolume",
            "NONE",
            "influence",
            "AMPLIFIER",
            "profileFit",
            "TARGET"));
    prospect.put("segments", List.of("hot-prospects"));
    prospect.put("lastSeen", "2026-11-23T10:00:00Z");
    prospect.put(
        "explanation",
        Map.of(
            "engagement",
                List.of(
                    Map.of("signal", signal, "points", 10.0),
                    Map.of("signal", "PRODUCT_VIEW", "points", 6.0)),
            "fit", List.of(Map.of("signal", "age", "points", 25.0)),
            "influence", List.of()));
    return DashboardJson.write(
        Map.of(
            "total",
            1,
            "offset",
            0,
            "limit",
            20,
            "sort",
            "engagement",
            "items",
            List.of(prospect)));
  }
}
