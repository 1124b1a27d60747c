package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * How many current profiles a segment rule or strategy audience matches (docs/segments.md,
 * Preview): counted over every profile when the sample holds them all ({@code exact}), else
 * estimated from a uniform sample with a 95 % interval. Counts only, no personal data.
 *
 * @param profiles the profiles there are now
 * @param sampled the profiles the rule was evaluated over
 * @param matched of those, the ones it holds for
 * @param exact the sample was every profile: {@code estimate} is the count
 * @param estimate profiles that match (estimated unless exact)
 * @param lower the 95 % interval's lower end (= estimate when exact)
 * @param upper its upper end
 * @param note how the preview reads a part of the request that is judged otherwise when it is used
 *     (a strategy audience's hesitation conditions); null when none
 * @param coverage partitions read, stale and missing (the counts are short by missing ones)
 */
@Serdeable
public record MatchPreview(
    long profiles,
    long sampled,
    long matched,
    boolean exact,
    long estimate,
    long lower,
    long upper,
    @Nullable String note,
    Coverage coverage)
    implements MergedListing {

  /** The preview of every partition's share. */
  public static MatchPreview of(List<PreviewShare> shares, String note, Coverage coverage) {
    PreviewShare sum = shares.stream().reduce(PreviewShare.NONE, PreviewShare::plus);
    PreviewSample.Estimate e = PreviewSample.estimate(sum.profiles(), sum.sampled(), sum.matched());
    return new MatchPreview(
        e.profiles(),
        e.sampled(),
        e.matched(),
        e.exact(),
        e.estimate(),
        e.lower(),
        e.upper(),
        note,
        coverage);
  }
}
