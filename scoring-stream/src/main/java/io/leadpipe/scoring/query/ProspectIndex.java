package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * The prospect index: per sort, one entry per visitor keyed {@code <sort>|<score>|<visitorId>}, the
 * score as sixteen hex digits that sort in the opposite order of {@link Double#compare}, so
 * ascending key order is the ranking exactly (highest score first, ties by the smaller visitor id),
 * valued with the visitor's {@link ProspectFacets} only (what a filter looks at). A listing walks
 * it from the top instead of ranking every profile, and reads only the rows of the page it found
 * from the published profiles.
 */
public final class ProspectIndex {

  /**
   * Index entries one request may read on this instance. Without a filter the walk stops after
   * {@code offset + limit} entries (at most max-offset + max-limit, 10 100 by default), far below
   * it; a filter that few of the top prospects match may reach it, and the page then holds only the
   * matches found so far (docs/queries.md).
   */
  public static final int MAX_WALK = 50_000;

  /** A score in the key: the 64 bits of its order, in hex. */
  private static final int SCORE_DIGITS = Long.BYTES * 2;

  private static final int HEX_RADIX = 16;

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

  /** The entry of a visitor in the index of {@code sort} with this score. */
  public static String key(ProspectSort sort, double score, String visitorId) {
    // The bits of a double, sign bit flipped for positives and all bits for negatives, compare as
    // unsigned numbers the way Double.compare compares the doubles (-0.0 below 0.0, NaN on top);
    // inverted, highest first. Zero-padded by hand: String.format was a visible share of the
    // publish path.
    long bits = Double.doubleToLongBits(score);
    long ascending = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    String digits = Long.toUnsignedString(~ascending, HEX_RADIX);
    StringBuilder key = new StringBuilder(prefix(sort));
    for (int i = digits.length(); i < SCORE_DIGITS; i++) {
      key.append('0');
    }
    return key.append(digits).append(SEPARATOR).append(visitorId).toString();
  }

  /** The entry of {@code p} in the index of {@code sort}. */
  public static String key(ProspectSort sort, ProspectSummary p) {
    return key(sort, sort.score(p), p.visitorId());
  }

  /** Each sort's score of {@code p}, in sort order: what its entries are keyed by. */
  public static Map<ProspectSort, Double> scoresOf(ProspectProfile p) {
    Map<ProspectSort, Double> scores = new EnumMap<>(ProspectSort.class);
    for (ProspectSort sort : ProspectSort.values()) {
      scores.put(sort, score(sort, p));
    }
    return scores;
  }

  /** The entries of a visitor with these scores: one per sort. */
  public static List<String> keysOf(String visitorId, Map<ProspectSort, Double> scores) {
    List<String> keys = new ArrayList<>(scores.size());
    scores.forEach((sort, score) -> keys.add(key(sort, score, visitorId)));
    return keys;
  }

  /** Every entry of the index of {@code sort} starts so. */
  public static String prefix(ProspectSort sort) {
    return sort.param() + SEPARATOR;
  }

  /**
   * The best {@code keep} prospects matching {@code filter}, in rank order, from the index entries
   * of {@code sort} of each local partition. The partitions are merged by key and the walk stops
   * once {@code keep} matched, or after {@link #MAX_WALK} entries; only then are the rows of the
   * prospects found read.
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
    List<Head> found = new ArrayList<>(Math.min(keep, MAX_WALK));
    int walked = 0;
    while (found.size() < keep && !heads.isEmpty() && walked < MAX_WALK) {
      Head head = heads.poll();
      walked++;
      if (head.entry.value != null && filter.matches(head.entry.value)) {
        found.add(head);
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
    // A visitor published again since its entry was read shows its row's score now.
    rows.sort(sort.order());
    return List.copyOf(rows);
  }

  private static double score(ProspectSort sort, ProspectProfile p) {
    // The same values ProfileViews.summary shows and ProspectSort ranks by.
    return switch (sort) {
      case ENGAGEMENT -> p.getEngagement().getValue();
      case FIT -> p.getFit().getValue();
      case INFLUENCE -> p.getInfluence().getValue();
    };
  }

  private static String visitorOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1 + SCORE_DIGITS + 1);
  }

  /** A partition's next entry, and the partition. */
  private record Head(KeyValue<String, ProspectFacets> entry, Partition partition) {}
}
