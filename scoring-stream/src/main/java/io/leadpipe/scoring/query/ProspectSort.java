package io.leadpipe.scoring.query;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a prospect listing ranks by, highest first. Ties go to the smaller visitor id so that pages
 * do not overlap or skip prospects, whichever instance holds them.
 */
public enum ProspectSort {
  ENGAGEMENT(ProspectSummary::engagement),
  FIT(ProspectSummary::fit),
  INFLUENCE(ProspectSummary::influence);

  private final ToDoubleFunction<ProspectSummary> score;
  private final Comparator<ProspectSummary> order;

  ProspectSort(ToDoubleFunction<ProspectSummary> score) {
    this.score = score;
    this.order =
        Comparator.comparingDouble(score).reversed().thenComparing(ProspectSummary::visitorId);
  }

  public Comparator<ProspectSummary> order() {
    return order;
  }

  /** The score this sort ranks by. */
  public double score(ProspectSummary p) {
    return score.applyAsDouble(p);
  }

  public String param() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ProspectSort> of(String param) {
    for (ProspectSort s : values()) {
      if (s.param().equalsIgnoreCase(param)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
