package io.leadpipe.scoring.query;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.scoring.query.*}: the query API.
 *
 * @param defaultLimit prospects per page when no limit is given
 * @param maxLimit largest page
 * @param maxOffset deepest page start; with maxLimit it bounds what every instance ranks per
 *     request
 * @param retryAfter what a 503 (rebalancing, an instance not answering) tells clients to wait
 * @param peerTimeout how long an instance waits for another one: each attempt of a forwarded lookup
 *     (the active copy's instance, then each standby's), each round of a fan-out (the active
 *     copies, then the standbys of the partitions not answered)
 * @param staleLagMaxAge a stale answer shows its copy's lag when measured within this long (the
 *     measurement asks the brokers, in the background)
 * @param audienceMinSample known values a dimension needs before it can be flagged as a mismatch
 * @param audienceMismatchBelow a dimension is a mismatch when fewer than this share of prospects
 *     fit the target
 * @param audienceMaxValues values listed per dimension; the rest are summed as "(other)"
 * @param previewSampleSize profiles a match preview evaluates per partition, the first of its
 *     preview sample (docs/segments.md, Preview): a partition with no more profiles is counted
 *     exactly; it bounds the work of one preview to this many profile reads per partition
 */
@Context
@ConfigurationProperties("leadpipe.scoring.query")
public record QuerySettings(
    @Bindable(defaultValue = "20") int defaultLimit,
    @Bindable(defaultValue = "100") int maxLimit,
    @Bindable(defaultValue = "10000") int maxOffset,
    @Bindable(defaultValue = "2s") Duration retryAfter,
    @Bindable(defaultValue = "5s") Duration peerTimeout,
    @Bindable(defaultValue = "1s") Duration staleLagMaxAge,
    @Bindable(defaultValue = "20") int audienceMinSample,
    @Bindable(defaultValue = "0.5") double audienceMismatchBelow,
    @Bindable(defaultValue = "20") int audienceMaxValues,
    @Bindable(defaultValue = "1000") int previewSampleSize) {

  /** Checked when the service starts ({@code @Context}): a bad value names its property. */
  public QuerySettings {
    positive("retry-after", retryAfter);
    positive("peer-timeout", peerTimeout);
    positive("stale-lag-max-age", staleLagMaxAge);
    if (previewSampleSize < 1 || previewSampleSize > MAX_PREVIEW_SAMPLE_SIZE) {
      throw new IllegalArgumentException(
          "leadpipe.scoring.query.preview-sample-size must be from 1 to "
              + MAX_PREVIEW_SAMPLE_SIZE
              + ", not "
              + previewSampleSize);
    }
  }

  /** The most profiles one preview may read per partition. */
  public static final int MAX_PREVIEW_SAMPLE_SIZE = 100_000;

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "leadpipe.scoring.query." + name + " must be a positive duration, not " + value);
    }
  }

  public ProspectQuery.Limits limits() {
    return new ProspectQuery.Limits(defaultLimit, maxLimit, maxOffset);
  }

  public AudienceLens.Settings audience() {
    return new AudienceLens.Settings(audienceMinSample, audienceMismatchBelow, audienceMaxValues);
  }
}
