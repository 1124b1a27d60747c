package io.leadpipe.scoring.query;

import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.service.stats.Proportion;

/**
 * The match preview's sample (docs/segments.md, Preview): every profile has one key in the preview
 * sample store, {@code <16 hex digits of a stable hash of its visitor id>|<visitorId>}, so a task's
 * keys in order are its profiles in hash order and the first {@code n} of them a uniform random
 * sample of its profiles (the same one at every request, moving only as profiles come and go). A
 * preview evaluates a rule over those first {@code n} profiles per partition; when a partition
 * holds no more than {@code n} it evaluates all of them and the answer is exact.
 */
public final class PreviewSample {

  private static final char SEPARATOR = '|';
  private static final int HASH_DIGITS = 16;

  private PreviewSample() {}

  /**
   * The visitor's key: its hash (the first 8 bytes of SHA-256 of the id, so the same on every
   * instance and version) before the id.
   */
  public static String key(String visitorId) {
    return Hashes.sha256(visitorId).substring(0, HASH_DIGITS) + SEPARATOR + visitorId;
  }

  /** The visitor id of a key. */
  public static String visitorOf(String key) {
    return key.substring(HASH_DIGITS + 1);
  }

  /**
   * What a preview answers from a sample.
   *
   * @param profiles the profiles there are
   * @param sampled those of them the rule was evaluated over
   * @param matched those of the sampled the rule holds for
   * @param exact the sample was every profile: the estimate is the count
   * @param estimate profiles × matched / sampled, rounded
   * @param lower the 95 % interval's lower end (Wilson's interval of matched/sampled, scaled by
   *     profiles; never below matched)
   * @param upper its upper end (never above profiles − (sampled − matched))
   */
  public record Estimate(
      long profiles,
      long sampled,
      long matched,
      boolean exact,
      long estimate,
      long lower,
      long upper) {}

  /**
   * The estimate of how many of {@code profiles} match, from {@code matched} of {@code sampled}.
   */
  public static Estimate estimate(long profiles, long sampled, long matched) {
    if (sampled < 0 || matched < 0 || matched > sampled) {
      throw new IllegalArgumentException(
          "matched " + matched + " of " + sampled + " sampled is not a sample");
    }
    // The counters and the sample are written in the same transaction; a sample larger than the
    // count can only be a copy read mid-restore, and is taken as every profile.
    long total = Math.max(profiles, sampled);
    if (sampled == total) {
      return new Estimate(total, sampled, matched, true, matched, matched, matched);
    }
    if (sampled == 0) {
      return new Estimate(total, 0, 0, false, 0, 0, total);
    }
    Proportion p = Proportion.wilson(matched, sampled, Proportion.Z_95);
    long unsampledMisses = sampled - matched;
    long estimate = Math.round(total * p.estimate());
    long lower = Math.max(matched, (long) Math.floor(total * p.lower()));
    long upper = Math.min(total - unsampledMisses, (long) Math.ceil(total * p.upper()));
    return new Estimate(
        total, sampled, matched, false, Math.max(lower, Math.min(upper, estimate)), lower, upper);
  }
}
