package io.leadpipe.scoring.query;

import java.util.List;
import java.util.Map;

/**
 * What a listing's filter looks at (docs/queries.md): the part of a {@link ProspectSummary} the
 * prospect index keeps with each of its entries, so a filtered walk reads no profile.
 *
 * @param stage the lifecycle stage (contract symbol)
 * @param leadTypes lead-type dimension → the contract's symbol
 * @param segments the segment ids the prospect is in
 */
public record ProspectFacets(String stage, Map<String, String> leadTypes, List<String> segments) {

  public ProspectFacets {
    leadTypes = Map.copyOf(leadTypes);
    segments = List.copyOf(segments);
  }
}
