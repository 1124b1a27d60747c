package io.leadpipe.scoring.query;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * This instance's counters ({@link TallyRules}) summed over its partitions, read as the local
 * shares of the listings. The counters are few (dimensions × values, not visitors), so reading all
 * of them per request costs the same whether an instance holds a thousand profiles or a million.
 */
public final class TallyCounts {

  private final Map<String, Long> counts;

  private TallyCounts(Map<String, Long> counts) {
    this.counts = counts;
  }

  /** The counters of every local partition: a key found in several partitions' stores is summed. */
  public static TallyCounts sum(Iterator<KeyValue<String, Long>> entries) {
    Map<String, Long> counts = new HashMap<>();
    while (entries.hasNext()) {
      KeyValue<String, Long> kv = entries.next();
      if (kv.value != null) {
        counts.merge(kv.key, kv.value, Long::sum);
      }
    }
    return new TallyCounts(counts);
  }

  public SegmentSizes segmentSizes() {
    return SegmentSizes.fromCounts(profiles(), TallyRules.perSegment(counts));
  }

  /** Every profile here: the facet counters summed (each visitor is under one). */
  public long profiles() {
    return TallyRules.perStage(counts).values().stream().mapToLong(Long::longValue).sum();
  }

  public Funnel funnel() {
    return Funnel.fromCounts(TallyRules.perStage(counts));
  }

  public AudienceTally audience(AudienceLens lens) {
    Map<String, Map<String, Long>> values = new HashMap<>();
    withPrefix(TallyRules.AUDIENCE_VALUE)
        .forEach(
            (dimensionAndValue, n) -> {
              int cut = dimensionAndValue.indexOf(TallyRules.SEPARATOR);
              values
                  .computeIfAbsent(dimensionAndValue.substring(0, cut), d -> new HashMap<>())
                  .put(dimensionAndValue.substring(cut + 1), n);
            });
    return lens.tallyOf(
        lens.prospects(TallyRules.perStage(counts)),
        withPrefix(TallyRules.AUDIENCE_KNOWN),
        withPrefix(TallyRules.AUDIENCE_MATCHING),
        values);
  }

  /** The reason confusion cells here for {@code segment} (null: every visitor). */
  public ReasonConfusion reasonConfusion(String segment) {
    return TallyRules.reasonConfusion(counts, segment);
  }

  /** Prospects here that {@code filter} matches: a listing's local {@code total}. */
  public long total(ProspectFilter filter) {
    return TallyRules.total(counts, filter);
  }

  /** Value (the key after the prefix) → count, for the counters of one dimension. */
  private Map<String, Long> withPrefix(String prefix) {
    Map<String, Long> out = new HashMap<>();
    counts.forEach(
        (k, n) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), n);
          }
        });
    return out;
  }
}
