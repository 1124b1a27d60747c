package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Nullable;

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
    return (segment == null || p.segments().contains(segment))
        && (stage == null || stage.equals(p.stage()))
        && (leadType == null || leadType.value().equals(p.leadTypes().get(leadType.dimension())));
  }
}
