package io.leadpipe.scoring.query;

import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.stats.Proportion;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How often the inferred primary reason was the one the visitor stated: the confusion matrix (rows
 * inferred, columns stated), accuracy (the diagonal ÷ visitors who answered; a visitor answering
 * before any episode was detected counts in the {@value TallyRules#NO_INFERENCE} row, so as a
 * miss), with its 95 % Wilson interval, and per reason precision (of the visitors it was inferred
 * for, how many stated it) and recall (of those who stated it, how often it had been inferred).
 *
 * @param segment the segment counted (null: every visitor)
 * @param answered visitors with a stated reason
 * @param correct those whose inferred reason was the stated one
 * @param withoutInference those who answered before any episode was detected
 * @param accuracy correct ÷ answered with its interval; null while nobody answered
 * @param stated the columns: the reasons a visitor can state, in contract order
 * @param matrix one row per inferred reason (the contract's symbols, then {@value
 *     TallyRules#NO_INFERENCE}), its counts aligned with {@code stated}
 * @param reasons precision and recall per stated reason
 * @param coverage which partitions were counted from a copy that may lag or not at all
 */
@Serdeable
public record ReasonAccuracy(
    @Nullable String segment,
    long answered,
    long correct,
    long withoutInference,
    @Nullable Accuracy accuracy,
    List<String> stated,
    List<Row> matrix,
    List<ReasonScore> reasons,
    @Nullable Coverage coverage)
    implements MergedListing {

  @Creator
  public ReasonAccuracy {}

  /** Correct ÷ answered and its interval at {@code confidence}. */
  @Serdeable
  public record Accuracy(double value, double lower, double upper, double confidence) {

    static Accuracy of(long correct, long answered) {
      Proportion p = Proportion.wilson(correct, answered, Proportion.Z_95);
      return new Accuracy(p.estimate(), p.lower(), p.upper(), CONFIDENCE);
    }
  }

  /** The confidence level of the accuracy's interval ({@link Proportion#Z_95}). */
  static final double CONFIDENCE = 0.95;

  /** One inferred reason's row: visitors per stated reason (aligned with the columns), and all. */
  @Serdeable
  public record Row(String inferred, List<Long> visitors, long total) {}

  /**
   * One reason's scores.
   *
   * @param inferred visitors it was the inferred reason for
   * @param stated visitors who stated it
   * @param correct visitors for whom it was both
   * @param precision correct ÷ inferred; null when it was never inferred
   * @param recall correct ÷ stated; null when nobody stated it
   */
  @Serdeable
  public record ReasonScore(
      String reason,
      long inferred,
      long stated,
      long correct,
      @Nullable Double precision,
      @Nullable Double recall) {}

  public ReasonAccuracy withCoverage(Coverage c) {
    return new ReasonAccuracy(
        segment, answered, correct, withoutInference, accuracy, stated, matrix, reasons, c);
  }

  /**
   * The report of {@code confusion}'s cells. Every contract reason gets its row and (but UNKNOWN,
   * which is never recorded as an answer) its column, so matrices of different segments or days
   * line up; a symbol of a newer contract met in the cells is added after them.
   */
  public static ReasonAccuracy of(ReasonConfusion confusion, @Nullable String segment) {
    Set<String> rows = new LinkedHashSet<>();
    Set<String> columns = new LinkedHashSet<>();
    for (HesitationReason r : HesitationReason.values()) {
      rows.add(r.name());
      if (r != HesitationReason.UNKNOWN) {
        columns.add(r.name());
      }
    }
    rows.add(TallyRules.NO_INFERENCE);
    Map<String, Map<String, Long>> cells = new HashMap<>();
    for (ReasonConfusion.Cell c : confusion.cells()) {
      rows.add(c.inferred());
      columns.add(c.stated());
      cells
          .computeIfAbsent(c.inferred(), i -> new HashMap<>())
          .merge(c.stated(), c.visitors(), Long::sum);
    }
    List<String> stated = List.copyOf(columns);
    List<Row> matrix = new ArrayList<>();
    Map<String, Long> inferredTotals = new HashMap<>();
    Map<String, Long> statedTotals = new HashMap<>();
    long answered = 0;
    long correct = 0;
    for (String inferred : rows) {
      Map<String, Long> row = cells.getOrDefault(inferred, Map.of());
      long[] visitors = new long[stated.size()];
      long total = 0;
      for (int i = 0; i < visitors.length; i++) {
        visitors[i] = row.getOrDefault(stated.get(i), 0L);
        total += visitors[i];
        statedTotals.merge(stated.get(i), visitors[i], Long::sum);
      }
      inferredTotals.put(inferred, total);
      answered += total;
      correct += row.getOrDefault(inferred, 0L);
      matrix.add(new Row(inferred, Arrays.stream(visitors).boxed().toList(), total));
    }
    List<ReasonScore> reasons = new ArrayList<>();
    for (String reason : stated) {
      long hits = cells.getOrDefault(reason, Map.of()).getOrDefault(reason, 0L);
      long inferredFor = inferredTotals.getOrDefault(reason, 0L);
      long statedBy = statedTotals.getOrDefault(reason, 0L);
      reasons.add(
          new ReasonScore(
              reason,
              inferredFor,
              statedBy,
              hits,
              share(hits, inferredFor),
              share(hits, statedBy)));
    }
    return new ReasonAccuracy(
        segment,
        answered,
        correct,
        inferredTotals.getOrDefault(TallyRules.NO_INFERENCE, 0L),
        answered == 0 ? null : Accuracy.of(correct, answered),
        stated,
        List.copyOf(matrix),
        List.copyOf(reasons),
        null);
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
