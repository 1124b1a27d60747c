package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * The prospect index: per sort, one entry per visitor keyed {@code <sort>|<score bucket, inverted
 * and zero-padded>|<visitorId>}, so ascending key order is the ranking (highest score first, ties
 * by the smaller visitor id), valued with the visitor's {@link ProspectFacets} only (what a filter
 * looks at). A listing walks it from the top instead of ranking every profile, and reads the rows
 * of the page it found from the published profiles.
 */
public final class ProspectIndex {

  /**
   * Index entries one request may read on this instance. Without a filter the walk stops after
   * {@code offset + limit} entries (at most max-offset + max-limit, 10 100 by default), far below
   * it; a filter that few of the top prospects match may reach it, and the page then holds only the
   * matches found so far (docs/queries.md).
   */
  public static final int MAX_WALK = 50_000;

  /** Scores are kept to this many steps per point in the key (3 decimals). */
  static final long SCORE_SCALE = 1000;

  /** The largest bucket: 16 digits; scores beyond it (or below 0) share the end bucket. */
  static final long MAX_BUCKET = 9_999_999_999_999_999L;

  private static final int BUCKET_DIGITS = 16;

  private static final char SEPARATOR = '|';

  /**
   * One partition's index of a sort and how to show a prospect found in it.
   *
   * @param entries the index entries of the sort, in ascending key order
   * @param rows visitor id → its listing row, from the partition's published profile (null when it
   *     has none any more)
   */
  public record Partition(
      Iterator<KeyValue<String, ProspectFacets>> entries, Function<String, ProspectSummary> rows) {}

  private ProspectIndex() {}

  /** The bucket of a score: its key part before inversion. */
  public static long bucket(double score) {
    return Math.max(0, Math.min(MAX_BUCKET, Math.round(score * SCORE_SCALE)));
  }

  /** The entry of a visitor in the index of {@code sort} at {@code bucket}. */
  public static String key(ProspectSort sort, long bucket, String visitorId) {
    // Zero-padded by hand: String.format was a visible share of the publish path.
    String inverted = Long.toString(MAX_BUCKET - bucket);
    StringBuilder key = new StringBuilder(prefix(sort));
    for (int i = inverted.length(); i < BUCKET_DIGITS; i++) {
      key.append('0');
    }
    return key.append(inverted).append(SEPARATOR).append(visitorId).toString();
  }

  /** The entry of {@code p} in the index of {@code sort}. */
  public static String key(ProspectSort sort, ProspectSummary p) {
    return key(sort, bucket(sort.score(p)), p.visitorId());
  }

  /** The bucket of each sort's score of {@code p}, in sort order. */
  public static Map<ProspectSort, Long> bucketsOf(ProspectProfile p) {
    Map<ProspectSort, Long> buckets = new EnumMap<>(ProspectSort.class);
    for (ProspectSort sort : ProspectSort.values()) {
      buckets.put(sort, bucket(score(sort, p)));
    }
    return buckets;
  }

  /** The entries of a visitor with these buckets: one per sort. */
  public static List<String> keysOf(String visitorId, Map<ProspectSort, Long> buckets) {
    List<String> keys = new ArrayList<>(buckets.size());
    buckets.forEach((sort, bucket) -> keys.add(key(sort, bucket, visitorId)));
    return keys;
  }

  /**
   * The sort and bucket of an index entry; empty for a key that is not one (or of a sort this
   * version does not know).
   */
  public static Optional<Map.Entry<ProspectSort, Long>> sortAndBucket(String key) {
    int sortEnd = key.indexOf(SEPARATOR);
    if (sortEnd < 0 || key.length() <= sortEnd + BUCKET_DIGITS) {
      return Optional.empty();
    }
    try {
      long inverted = Long.parseLong(key.substring(sortEnd + 1, sortEnd + 1 + BUCKET_DIGITS));
      return ProspectSort.of(key.substring(0, sortEnd))
          .map(sort -> Map.entry(sort, MAX_BUCKET - inverted));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Every entry of the index of {@code sort} starts so. */
  public static String prefix(ProspectSort sort) {
    return sort.param() + SEPARATOR;
  }

  /**
   * The best {@code keep} prospects matching {@code filter}, in rank order, from the index entries
   * of {@code sort} of each local partition. The partitions are merged by key and the walk stops
   * once {@code keep} matched and the next entry is in a lower bucket, or after {@link #MAX_WALK}
   * entries; only then are the rows of the prospects found read (prospects within one bucket are
   * then ordered by their exact score).
   */
  public static List<ProspectSummary> top(
      List<Partition> partitions, ProspectFilter filter, ProspectSort sort, int keep) {
    if (keep == 0) {
      return List.of();
    }
    PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(h -> h.entry.key));
    for (Partition partition : partitions) {
      if (partition.entries().hasNext()) {
        heads.add(new Head(partition.entries().next(), partition));
      }
    }
    List<Head> found = new ArrayList<>();
    String lastBucket = null;
    int walked = 0;
    while (!heads.isEmpty() && walked < MAX_WALK) {
      Head head = heads.poll();
      walked++;
      String bucket = bucketDigits(head.entry.key);
      if (found.size() >= keep && !bucket.equals(lastBucket)) {
        break;
      }
      if (head.entry.value != null && filter.matches(head.entry.value)) {
        found.add(head);
        lastBucket = bucket;
      }
      Iterator<KeyValue<String, ProspectFacets>> rest = head.partition.entries();
      if (rest.hasNext()) {
        heads.add(new Head(rest.next(), head.partition));
      }
    }
    List<ProspectSummary> rows = new ArrayList<>(found.size());
    for (Head head : found) {
      // A visitor retired since its entry was read has no row: left out.
      ProspectSummary row = head.partition.rows().apply(visitorOf(head.entry.key));
      if (row != null) {
        rows.add(row);
      }
    }
    rows.sort(sort.order());
    return List.copyOf(rows.subList(0, Math.min(keep, rows.size())));
  }

  private static double score(ProspectSort sort, ProspectProfile p) {
    // The same values ProfileViews.summary shows and ProspectSort ranks by.
    return switch (sort) {
      case ENGAGEMENT -> p.getEngagement().getValue();
      case FIT -> p.getFit().getValue();
      case INFLUENCE -> p.getInfluence().getValue();
    };
  }

  private static String bucketDigits(String key) {
    int start = key.indexOf(SEPARATOR) + 1;
    return key.substring(start, start + BUCKET_DIGITS);
  }

  private static String visitorOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1 + BUCKET_DIGITS + 1);
  }

  /** A partition's next entry, and the partition. */
  private record Head(KeyValue<String, ProspectFacets> entry, Partition partition) {}
}
