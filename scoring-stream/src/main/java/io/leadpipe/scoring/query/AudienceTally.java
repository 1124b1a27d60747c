package io.leadpipe.scoring.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * Raw counts behind the audience view, as one instance sends them to the instance that merges them.
 *
 * @param prospects engaged-or-better profiles counted
 * @param dimensions fit dimension → its counts
 */
@Serdeable
public record AudienceTally(long prospects, Map<String, Dimension> dimensions) {

  /**
   * @param known prospects with a value for this dimension
   * @param matching prospects whose value fits the target customer on this dimension
   * @param values prospects per value (for interests a prospect counts once per interest)
   */
  @Serdeable
  public record Dimension(long known, long matching, Map<String, Long> values) {}
}
