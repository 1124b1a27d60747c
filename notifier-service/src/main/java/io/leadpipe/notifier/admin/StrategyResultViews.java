package io.leadpipe.notifier.admin;

import io.leadpipe.schemas.followup.ArmResult;
import io.leadpipe.schemas.followup.ResultBreakdown;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.followup.UpliftResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy result as the query API answers it: the record's fields by name, times as ISO-8601,
 * and "reasons"/"segments" breakdowns keyed by their value.
 */
final class StrategyResultViews {

  private StrategyResultViews() {}

  static Map<String, Object> view(StrategyResult r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("strategyId", r.getStrategyId());
    v.put("strategyVersion", r.getStrategyVersion());
    v.put("updatedAt", r.getUpdatedAt().toString());
    v.put("attributionWindowMillis", r.getAttributionWindowMillis());
    v.put("confidenceLevel", r.getConfidenceLevel());
    v.put("arms", arms(r.getArms()));
    Map<String, Object> reasons = new LinkedHashMap<>();
    Map<String, Object> segments = new LinkedHashMap<>();
    for (ResultBreakdown b : r.getBreakdowns()) {
      switch (b.getDimension()) {
        case REASON -> reasons.put(b.getValue(), arms(b.getArms()));
        case SEGMENT -> segments.put(b.getValue(), arms(b.getArms()));
        default -> {} // a dimension added later: shown once this API knows it
      }
    }
    v.put("reasons", reasons);
    v.put("segments", segments);
    return v;
  }

  private static List<Map<String, Object>> arms(List<ArmResult> arms) {
    return arms.stream().map(StrategyResultViews::arm).toList();
  }

  private static Map<String, Object> arm(ArmResult a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("variantId", a.getVariantId());
    v.put("holdout", a.getHoldout());
    v.put("assigned", a.getAssigned());
    v.put("converted", a.getConverted());
    v.put("conversionRate", a.getConversionRate());
    v.put("revenue", a.getRevenue());
    v.put("revenuePerVisitor", a.getRevenuePerVisitor());
    v.put("delivered", a.getDelivered());
    v.put("deliveredConversions", a.getDeliveredConversions());
    v.put("deliveredRevenue", a.getDeliveredRevenue());
    UpliftResult u = a.getVersusHoldout();
    if (u != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("rateDifference", u.getRateDifference());
      c.put("rateLower", u.getRateLower());
      c.put("rateUpper", u.getRateUpper());
      c.put("rateSignificant", u.getRateSignificant());
      c.put("revenuePerVisitorDifference", u.getRevenuePerVisitorDifference());
      c.put("revenueLower", u.getRevenueLower());
      c.put("revenueUpper", u.getRevenueUpper());
      c.put("revenueSignificant", u.getRevenueSignificant());
      v.put("versusHoldout", c);
    }
    return v;
  }
}
