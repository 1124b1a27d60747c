package io.leadpipe.scoring.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The visitors with a stated reason, counted by the reason inferred when they answered (or {@value
 * TallyRules#NO_INFERENCE}) and the reason they stated: the non-empty cells of the confusion
 * matrix. An instance's share of {@code /v1/reasons/accuracy}; shares add up cell by cell.
 */
@Serdeable
public record ReasonConfusion(List<Cell> cells) {

  public ReasonConfusion {
    cells = List.copyOf(cells);
  }

  /**
   * Visitors whose inferred reason at the answer was {@code inferred} and who stated {@code
   * stated}.
   */
  @Serdeable
  public record Cell(String inferred, String stated, long visitors) {}

  /** Every instance's cells added up. */
  public static ReasonConfusion merge(Collection<ReasonConfusion> shares) {
    Map<List<String>, Long> visitors = new TreeMap<>(ReasonConfusion::compareLabels);
    shares.forEach(
        s ->
            s.cells()
                .forEach(
                    c ->
                        visitors.merge(
                            List.of(c.inferred(), c.stated()), c.visitors(), Long::sum)));
    return new ReasonConfusion(
        visitors.entrySet().stream()
            .map(e -> new Cell(e.getKey().get(0), e.getKey().get(1), e.getValue()))
            .toList());
  }

  private static int compareLabels(List<String> a, List<String> b) {
    int byInferred = a.get(0).compareTo(b.get(0));
    return byInferred != 0 ? byInferred : a.get(1).compareTo(b.get(1));
  }
}
