package io.leadpipe.scoring.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;

/**
 * The prospect index: per sort, one entry per visitor keyed {@code <sort>|<score bucket, inverted
 * and zero-padded>|<visitorId>}, so ascending key order is the ranking (highest score first, ties
 * by the smaller visitor id), valued with the visitor's {@link ProspectSummary}. A listing walks it
 * from the top instead of ranking every profile.
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

  private ProspectIndex() {}

  /** The entry of {@code p} in the index of {@code sort}. */
  public static String key(ProspectSort sort, ProspectSummary p) {
    long bucket = Math.max(0, Math.min(MAX_BUCKET, Math.round(sort.score(p) * SCORE_SCALE)));
    // Zero-padded by hand: String.format was a visible share of the publish path.
    String inverted = Long.toString(MAX_BUCKET - bucket);
    StringBuilder key = new StringBuilder(prefix(sort));
    for (int i = inverted.length(); i < BUCKET_DIGITS; i++) {
      key.append('0');
    }
    return key.append(inverted).append('|').append(p.visitorId()).toString();
  }

  /** The entries of {@code p}: one per sort. */
  public static List<String> keysOf(ProspectSummary p) {
    List<String> keys = new ArrayList<>();
    for (ProspectSort sort : ProspectSort.values()) {
      keys.add(key(sort, p));
    }
    return List.copyOf(keys);
  }

  /** Every entry of the index of {@code sort} starts so. */
  public static String prefix(ProspectSort sort) {
    return sort.param() + '|';
  }

  /**
   * The best {@code keep} prospects matching {@code filter}, in rank order, from the index entries
   * of {@code sort} of each local partition (each iterator in ascending key order). The partitions
   * are merged by key and the walk stops once {@code keep} matched and the next entry is in a lower
   * bucket (prospects within one bucket are then ordered by their exact score), or after {@link
   * #MAX_WALK} entries.
   */
  public static List<ProspectSummary> top(
      List<? extends Iterator<KeyValue<String, ProspectSummary>>> partitions,
      ProspectFilter filter,
      ProspectSort sort,
      int keep) {
    if (keep == 0) {
      return List.of();
    }
    PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(h -> h.entry.key));
    for (Iterator<KeyValue<String, ProspectSummary>> it : partitions) {
      if (it.hasNext()) {
        heads.add(new Head(it.next(), it));
      }
    }
    List<ProspectSummary> found = new ArrayList<>();
    String lastBucket = null;
    int walked = 0;
    while (!heads.isEmpty() && walked < MAX_WALK) {
      Head head = heads.poll();
      KeyValue<String, ProspectSummary> entry = head.entry;
      walked++;
      String bucket = bucketOf(entry.key);
      if (found.size() >= keep && !bucket.equals(lastBucket)) {
        break;
      }
      if (entry.value != null && filter.matches(entry.value)) {
        found.add(entry.value);
        lastBucket = bucket;
      }
      if (head.rest.hasNext()) {
        heads.add(new Head(head.rest.next(), head.rest));
      }
    }
    found.sort(sort.order());
    return List.copyOf(found.subList(0, Math.min(keep, found.size())));
  }

  private static String bucketOf(String key) {
    int start = key.indexOf('|') + 1;
    return key.substring(start, start + BUCKET_DIGITS);
  }

  /** A partition's next entry and the rest of it. */
  private record Head(
      KeyValue<String, ProspectSummary> entry, Iterator<KeyValue<String, ProspectSummary>> rest) {}
}
