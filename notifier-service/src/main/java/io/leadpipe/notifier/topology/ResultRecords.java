package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.results.Exposures;
import io.leadpipe.notifier.results.StrategyTotals;
import io.leadpipe.notifier.results.StrategyTotals.Sums;
import io.leadpipe.notifier.results.Uplift;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.ArmResult;
import io.leadpipe.schemas.followup.ResultBreakdown;
import io.leadpipe.schemas.followup.ResultDimension;
import io.leadpipe.schemas.followup.StrategyExposure;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.followup.UpliftResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Between the results rules' plain types and the records on the results topics. */
final class ResultRecords {

  private ResultRecords() {}

  static StrategyExposure exposure(Exposures.Change c, Instant at) {
    return StrategyExposure.newBuilder()
        .setStrategyId(c.strategyId())
        .setStrategyVersion(c.version())
        .setVariantId(c.variantId())
        .setReason(c.reason() == null ? HesitationReason.UNKNOWN.name() : c.reason().name())
        .setSegments(new ArrayList<>(c.segments()))
        .setAssigned(c.assigned())
        .setConverted(c.converted())
        .setRevenue(c.revenue())
        .setRevenueSquares(c.revenueSquares())
        .setDelivered(c.delivered())
        .setDeliveredConversions(c.deliveredConverted())
        .setDeliveredRevenue(c.deliveredRevenue())
        .setDeliveredRevenueSquares(c.deliveredRevenueSquares())
        .setAt(at)
        .build();
  }

  static Exposures.Change change(StrategyExposure e) {
    return new Exposures.Change(
        e.getStrategyId(),
        e.getStrategyVersion(),
        e.getVariantId(),
        reason(e.getReason()),
        e.getSegments().stream().map(CharSequence::toString).toList(),
        e.getAssigned(),
        e.getConverted(),
        e.getRevenue(),
        e.getRevenueSquares(),
        e.getDelivered(),
        e.getDeliveredConversions(),
        e.getDeliveredRevenue(),
        e.getDeliveredRevenueSquares());
  }

  /** A reason this version does not know (written by a newer one) counts as UNKNOWN. */
  private static HesitationReason reason(String name) {
    try {
      return HesitationReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return HesitationReason.UNKNOWN;
    }
  }

  static StrategyResult result(StrategyTotals t, Duration attributionWindow) {
    List<ResultBreakdown> breakdowns = new ArrayList<>();
    StrategyTotals.sorted(t.byReason())
        .forEach(
            (reason, cells) -> breakdowns.add(breakdown(ResultDimension.REASON, reason, cells)));
    StrategyTotals.sorted(t.bySegment())
        .forEach(
            (segment, cells) -> breakdowns.add(breakdown(ResultDimension.SEGMENT, segment, cells)));
    return StrategyResult.newBuilder()
        .setStrategyId(t.strategyId())
        .setStrategyVersion(t.version())
        .setUpdatedAt(Instant.ofEpochMilli(t.updatedAtMillis()))
        .setAttributionWindowMillis(attributionWindow.toMillis())
        .setConfidenceLevel(Uplift.CONFIDENCE_95)
        .setArms(arms(t.arms()))
        .setBreakdowns(breakdowns)
        .build();
  }

  private static ResultBreakdown breakdown(
      ResultDimension dimension, String value, Map<String, Sums> cells) {
    return ResultBreakdown.newBuilder()
        .setDimension(dimension)
        .setValue(value)
        .setArms(arms(cells))
        .build();
  }

  /** The holdout first, then the treated arms by id, each against the holdout. */
  private static List<ArmResult> arms(Map<String, Sums> cells) {
    Sums holdout = StrategyTotals.holdout(cells);
    List<ArmResult> out = new ArrayList<>();
    if (cells.containsKey(SequencePlan.StrategyRef.HOLDOUT)) {
      out.add(arm(SequencePlan.StrategyRef.HOLDOUT, holdout, null));
    }
    StrategyTotals.sorted(cells)
        .forEach(
            (variant, sums) -> {
              if (!SequencePlan.StrategyRef.HOLDOUT.equals(variant)) {
                out.add(arm(variant, sums, holdout));
              }
            });
    return out;
  }

  private static ArmResult arm(String variant, Sums s, Sums holdout) {
    // Sums that cannot be (more buyers than visitors: records written around the notifier) are
    // published as they are, without rates or intervals, rather than fail the task on every retry.
    Uplift.Arm itt = consistent(s) ? s.intentionToTreat() : Uplift.Arm.EMPTY;
    UpliftResult versus =
        holdout == null || !consistent(holdout)
            ? null
            : Uplift.versusHoldout(itt, holdout.intentionToTreat())
                .map(ResultRecords::uplift)
                .orElse(null);
    return ArmResult.newBuilder()
        .setVariantId(variant)
        .setHoldout(holdout == null)
        .setAssigned(s.assigned())
        .setConverted(s.converted())
        .setConversionRate(itt.conversionRate().orElse(null))
        .setRevenue(s.revenue())
        .setRevenueSquares(s.revenueSquares())
        .setRevenuePerVisitor(itt.revenuePerVisitor().orElse(null))
        .setDelivered(s.delivered())
        .setDeliveredConversions(s.deliveredConverted())
        .setDeliveredRevenue(s.deliveredRevenue())
        .setVersusHoldout(versus)
        .build();
  }

  private static boolean consistent(Sums s) {
    return s.assigned() >= 0 && s.converted() >= 0 && s.converted() <= s.assigned();
  }

  private static UpliftResult uplift(Uplift.Comparison c) {
    UpliftResult.Builder b =
        UpliftResult.newBuilder()
            .setRateDifference(c.rate().estimate())
            .setRateLower(c.rate().lower())
            .setRateUpper(c.rate().upper())
            .setRateSignificant(c.rate().significant())
            .setRevenuePerVisitorDifference(c.revenuePerVisitorDifference());
    c.revenuePerVisitor()
        .ifPresent(
            r ->
                b.setRevenueLower(r.lower())
                    .setRevenueUpper(r.upper())
                    .setRevenueSignificant(r.significant()));
    return b.build();
  }
}
