package io.leadpipe.scoring.query;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One instance's share of a match preview over the partitions it read: summed over them.
 *
 * @param profiles the profiles there (the facet counters summed)
 * @param sampled the profiles the rule was evaluated over: the first of the partition's preview
 *     sample ({@link PreviewSample}), at most the configured size per partition
 * @param matched those of the sampled the rule holds for
 */
@Serdeable
public record PreviewShare(long profiles, long sampled, long matched) {

  public static final PreviewShare NONE = new PreviewShare(0, 0, 0);

  public PreviewShare plus(PreviewShare other) {
    return new PreviewShare(
        profiles + other.profiles, sampled + other.sampled, matched + other.matched);
  }
}
