package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * Which prospects a listing shows; every criterion given must hold.
 *
 * @param segment the prospect is in this segment (id)
 * @param stage the prospect's lifecycle stage (contract symbol)
 * @param leadType one lead-type dimension ({@code purchaseFrequency}, {@code purchaseVolume},
 *     {@code influence}, {@code profileFit}) and the symbol it must have
 */
public record ProspectFilter(
    @Nullable String segment, @Nullable String stage, @Nullable LeadType leadType) {

  public static final ProspectFilter NONE = new ProspectFilter(null, null, null);

  /** One lead-type dimension and its required value. */
  public record LeadType(String dimension, String value) {}

  public boolean matches(ProspectSummary p) {
    return matches(p.stage(), p.leadTypes(), p.segments());
  }

  public boolean matches(ProspectFacets p) {
    return matches(p.stage(), p.leadTypes(), p.segments());
  }

  private boolean matches(String stageIs, Map<String, String> leadTypesAre, List<String> segments) {
    return (segment == null || segments.contains(segment))
        && (stage == null || stage.equals(stageIs))
        && (leadType == null || leadType.value().equals(leadTypesAre.get(leadType.dimension())));
  }
}
