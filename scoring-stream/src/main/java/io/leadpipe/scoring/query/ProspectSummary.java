package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One prospect in a listing: the scores it is ranked by, its stage, lead types and segments, and
 * the explanation (top factors per score) that tells a marketer why it ranks where it does.
 *
 * @param leadTypes purchaseFrequency, purchaseVolume, influence, profileFit → the contract's symbol
 */
@Serdeable
public record ProspectSummary(
    String visitorId,
    @Nullable String userId,
    String stage,
    double engagement,
    double fit,
    String fitGrade,
    double influence,
    Map<String, String> leadTypes,
    List<String> segments,
    String lastSeen,
    Explanation explanation) {

  /** This summary without the user id (see {@link DataScope}). */
  public ProspectSummary withoutPersonalData() {
    return new ProspectSummary(
        visitorId,
        null,
        stage,
        engagement,
        fit,
        fitGrade,
        influence,
        leadTypes,
        segments,
        lastSeen,
        explanation);
  }

  /** The top factors behind each score, largest first. */
  @Serdeable
  public record Explanation(List<Factor> engagement, List<Factor> fit, List<Factor> influence) {}

  /** One reason a score is what it is: the signal, its points now, when it happened. */
  @Serdeable
  public record Factor(
      String signal, double points, @Nullable String at, @Nullable String detail) {}
}
