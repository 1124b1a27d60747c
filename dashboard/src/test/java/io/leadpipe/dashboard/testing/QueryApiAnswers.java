package io.leadpipe.dashboard.testing;

import io.leadpipe.dashboard.support.DashboardJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers in the shapes scoring-stream's query API gives (docs/queries.md), for the fake query API. */
public final class QueryApiAnswers {
  private QueryApiAnswers() {}

  public static String segmentSizes(String id, String name, long members, String id2, String name2, long members2) {
    return DashboardJson.write(Map.of("profiles", members + members2, "segments", List.of(
        size(id, name, members), size(id2, name2, members2))));
  }

  private static Map<String, Object> size(String id, String name, long members) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("segmentId", id);
    m.put("name", name);
    m.put("members", members);
    return m;
  }

  /** Profiles now per stage, visitor to repeat customer; "reached" adds up the stages further down. */
  public static String funnel(long visitors, long engaged, long hesitating, long customers, long repeat) {
    long[] now = {visitors, engaged, hesitating, customers, repeat};
    String[] names = {"VISITOR", "ENGAGED_PROSPECT", "HESITATING_BUYER", "CUSTOMER", "REPEAT_CUSTOMER"};
    List<Map<String, Object>> stages = new java.util.ArrayList<>();
    long reached = 0;
    for (int i = names.length - 1; i >= 0; i--) {
      reached += now[i];
      stages.add(0, Map.of("stage", names[i], "profiles", now[i], "reached", reached));
    }
    return DashboardJson.write(Map.of("total", reached, "stages", stages));
  }

  /** One mismatched age dimension and one matching dimension named {@code otherDimension} with {@code otherTarget}. */
  public static String audience(String otherDimension, String otherTarget) {
    Map<String, Object> age = new LinkedHashMap<>();
    age.put("dimension", "age");
    age.put("constrained", true);
    age.put("target", List.of("25-45"));
    age.put("known", 50);
    age.put("unknown", 10);
    age.put("matching", 15);
    age.put("matchShare", 0.3);
    age.put("mismatchScore", 0.7);
    age.put("mismatch", true);
    age.put("distribution", List.of(
        Map.of("value", "18-24", "profiles", 35, "share", 0.7, "inTarget", false),
        Map.of("value", "25-45", "profiles", 15, "share", 0.3, "inTarget", true)));
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("dimension", otherDimension);
    other.put("constrained", true);
    other.put("target", List.of(otherTarget));
    other.put("known", 20);
    other.put("unknown", 40);
    other.put("matching", 18);
    other.put("matchShare", 0.9);
    other.put("mismatchScore", 0.1);
    other.put("mismatch", false);
    other.put("distribution", List.of(Map.of("value", otherTarget, "profiles", 18, "share", 0.9, "inTarget", true)));
    return DashboardJson.write(Map.of("prospects", 60, "dimensions", List.of(age, other)));
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
    prospect.put("leadTypes", Map.of("purchaseFrequency", "NONE", "purchaseVolume", "NONE", "influence", "AMPLIFIER",
        "profileFit", "TARGET"));
    prospect.put("segments", List.of("hot-prospects"));
    prospect.put("lastSeen", "2026-11-23T10:00:00Z");
    prospect.put("explanation", Map.of(
        "engagement", List.of(Map.of("signal", signal, "points", 10.0), Map.of("signal", "PRODUCT_VIEW", "points", 6.0)),
        "fit", List.of(Map.of("signal", "age", "points", 25.0)),
        "influence", List.of()));
    return DashboardJson.write(Map.of("total", 1, "offset", 0, "limit", 20, "sort", "engagement",
        "items", List.of(prospect)));
  }
}
