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

  /**
   * A profile as {@code GET /v1/profiles/{id}} answers it (docs/queries.md), with visitor-supplied
   * text in the places a visitor can reach: the first name, a page title in the evidence of the
   * open hesitation and in a score factor's detail.
   */
  public static String profile(String visitorId, String firstName, String pageTitle) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("visitorId", visitorId);
    p.put("userId", "user-42");
    p.put("firstSeen", "2026-11-23T10:00:00Z");
    p.put("lastSeen", "2026-11-23T12:00:00Z");
    p.put("activity", Map.of("pageViews", 12, "productViews", 7, "cartAdds", 2, "purchases", 0));
    p.put(
        "engagement",
        Map.of(
            "value",
            61.5,
            "factors",
            List.of(factor("PRODUCT_VIEW", 30.0, pageTitle), factor("ADD_TO_CART", 20.0, null))));
    p.put(
        "fit", Map.of("value", 90.6, "grade", "A", "factors", List.of(factor("age", 25.0, null))));
    p.put("influence", Map.of("value", 12.0, "factors", List.of()));
    p.put(
        "leadTypes",
        Map.of(
            "purchaseFrequency", "NONE",
            "purchaseVolume", "NONE",
            "influence", "AMPLIFIER",
            "profileFit", "TARGET"));
    p.put("stage", "HESITATING_BUYER");
    p.put("traits", Map.of("firstName", firstName, "city", "Lyon"));
    p.put(
        "currentHesitation",
        Map.of(
            "hesitationId", "h-1",
            "kind", "CART_ABANDONED",
            "detectedAt", "2026-11-23T11:30:00Z",
            "primaryReason", "SHIPPING",
            "reasons",
                List.of(
                    Map.of(
                        "reason",
                        "SHIPPING",
                        "confidence",
                        0.8,
                        "evidence",
                        List.of(
                            Map.of(
                                "signal",
                                "SHIPPING_INFO_VIEWED",
                                "at",
                                "2026-11-23T11:20:00Z",
                                "detail",
                                pageTitle))))));
    p.put("statedReason", null);
    p.put("segments", List.of("hot-prospects"));
    p.put(
        "scoreHistory",
        List.of(
            Map.of("at", "2026-11-23T10:00:00Z", "engagement", 5.0, "fit", 90.6, "influence", 0.0),
            Map.of("at", "2026-11-23T11:00:00Z", "engagement", 30.0, "fit", 90.6, "influence", 4.0),
            Map.of(
                "at", "2026-11-23T12:00:00Z", "engagement", 61.5, "fit", 90.6, "influence", 12.0)));
    return DashboardJson.write(p);
  }

  private static Map<String, Object> factor(String signal, double points, String detail) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("signal", signal);
    f.put("points", points);
    f.put("at", "2026-11-23T11:00:00Z");
    f.put("detail", detail);
    return f;
  }

  /** GET /v1/forecast: the worked example of docs/scoring.md, one segment named {@code name}. */
  public static String forecast(String segmentName) {
    Map<String, Object> figures =
        Map.of(
            "visitors", 3,
            "valuedVisitors", 2,
            "averageOrderValue", 80.0,
            "expectedRevenue", 48.0,
            "low", 0.0,
            "high", 170.46,
            "expectedBuyers", 0.45);
    return DashboardJson.write(
        Map.of(
            "horizonDays",
            7,
            "overall",
            figures,
            "segments",
            List.of(Map.of("segmentId", "carts", "name", segmentName, "forecast", figures))));
  }

  /** GET /v1/forecast/backtest: one day, 40 forecast against 120 bought. */
  public static String backtest() {
    return DashboardJson.write(
        Map.of(
            "horizonDays",
            7,
            "days",
            List.of(
                Map.of(
                    "day",
                    "2026-11-02",
                    "snapshots",
                    2,
                    "expectedBuyers",
                    0.4,
                    "buyers",
                    1,
                    "forecastRevenue",
                    40.0,
                    "actualRevenue",
                    120.0))));
  }

  /** GET /v1/propensity/model: version 0 serving, with two deciles of reliability. */
  public static String propensityModel() {
    Map<String, Object> evaluation =
        Map.of(
            "examples",
            500,
            "positives",
            40,
            "brier",
            0.0712,
            "auc",
            0.781,
            "reliability",
            List.of(
                Map.of("decile", 1, "examples", 250, "meanPredicted", 0.02, "observedRate", 0.03),
                Map.of("decile", 2, "examples", 250, "meanPredicted", 0.14, "observedRate", 0.13)));
    Map<String, Object> version =
        Map.of("version", 0, "examplesTrained", 500, "evaluation", evaluation);
    return DashboardJson.write(
        Map.of(
            "model",
            "purchase-7d",
            "servingVersion",
            0,
            "serving",
            version,
            "versions",
            List.of(version)));
  }
}
