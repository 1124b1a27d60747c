package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Target vs actual: who is actually interested (engaged-or-better prospects), per fit dimension,
 * next to the configured target customer. A dimension where few interested prospects fit the target
 * is flagged: either the campaigns reach the wrong people or the target needs revising.
 *
 * @param prospects engaged-or-better prospects over all instances
 * @param coverage which partitions were counted from a copy that may lag or not at all
 */
@Serdeable
public record AudienceReport(
    long prospects, List<DimensionReport> dimensions, @Nullable Coverage coverage)
    implements MergedListing {

  @Creator
  public AudienceReport {}

  /** A report without a statement of coverage. */
  public AudienceReport(long prospects, List<DimensionReport> dimensions) {
    this(prospects, dimensions, null);
  }

  public AudienceReport withCoverage(Coverage c) {
    return new AudienceReport(prospects, dimensions, c);
  }

  /**
   * @param constrained false when the target accepts any value here (nothing to mismatch)
   * @param target the accepted values (age as a range "25-45")
   * @param matchShare matching / known; null while nobody has a known value
   * @param mismatchScore 0 (every known prospect fits) .. 1 (none does)
   * @param mismatch enough known prospects and too few of them fit
   * @param distribution the most frequent values, largest first; the rest summed as "(other)"
   */
  @Serdeable
  public record DimensionReport(
      String dimension,
      boolean constrained,
      List<String> target,
      long known,
      long unknown,
      long matching,
      @Nullable Double matchShare,
      double mismatchScore,
      boolean mismatch,
      List<Bucket> distribution) {}

  /**
   * @param share of the prospects with a known value
   * @param inTarget the target customer accepts this value
   */
  @Serdeable
  public record Bucket(String value, long profiles, double share, boolean inTarget) {}
}
