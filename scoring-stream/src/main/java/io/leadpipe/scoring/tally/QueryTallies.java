package io.leadpipe.scoring.tally;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.query.ProfileViews;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.streams.state.DeferredWrites;
import io.micronaut.core.annotation.Nullable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The query API's counters and prospect index, kept in step with the published profiles ({@link
 * PublishedProfileTally}): a published profile moves its visitor from the counters and index
 * entries it was counted under to its current ones (only the difference is written; an index entry
 * holds the facets a filter reads, the rows come from the published profiles), a retirement takes
 * the visitor out of both. So a listing reads counters and the top of an index instead of every
 * profile (docs/queries.md).
 *
 * <p>Within a step that forwards many profiles (a publish slot, a re-evaluation chunk; {@link
 * DeferredWrites}) each counter is written once, at the step's end, with its last value: the
 * visitors of one slot move the same few counters.
 */
public final class QueryTallies {

  /**
   * What a visitor is counted under now.
   *
   * @param tallies counter keys (TallyRules)
   * @param scores its score per sort: its prospect-index entries are keyed by them
   * @param facets what its index entries hold
   */
  public record Counted(
      List<String> tallies, Map<ProspectSort, Double> scores, ProspectFacets facets) {

    public Counted {
      tallies = List.copyOf(tallies);
      Map<ProspectSort, Double> inSortOrder = new EnumMap<>(ProspectSort.class);
      inSortOrder.putAll(scores);
      scores = Collections.unmodifiableMap(inSortOrder);
    }
  }

  /**
   * At most this many counter values are remembered: counter keys number dimensions × values, a few
   * thousand per task (docs/queries.md); a task with more (a high-cardinality audience dimension)
   * starts over rather than growing without bound.
   */
  static final int MAX_KNOWN_COUNTERS = 20_000;

  private final TallyRules rules;
  private final KeyValueStore<String, Long> counters;

  /**
   * The counters' values as this instance last read or wrote them, 0 for a deleted counter. The
   * same few keys move for every visitor, and each read from the store costs a key encoding, a
   * record-cache lookup and a decode. Only this class writes the counters, and the processor's init
   * builds a new instance whenever Streams restores or revives the task (after a rebalance or an
   * aborted transaction, with its caches), so what is remembered is what the store holds.
   */
  private final Map<String, Long> known = new HashMap<>();

  /**
   * Counters moved in the current step and not yet written: each one's value (0: delete). Every
   * held counter is also in {@link #known}, which is read first.
   */
  private final DeferredWrites.Held<String, Long> held = new DeferredWrites.Held<>(this::write);

  private final KeyValueStore<String, ProspectFacets> index;

  /**
   * @param rules the counter keys of a profile
   * @param counters counter key → visitors counted under it
   * @param index the prospect index
   */
  QueryTallies(
      TallyRules rules,
      KeyValueStore<String, Long> counters,
      KeyValueStore<String, ProspectFacets> index) {
    this.rules = rules;
    this.counters = counters;
    this.index = index;
  }

  /** What the profile is counted under. */
  Counted countedOf(ProspectProfile profile) {
    return new Counted(
        rules.keysOf(profile), ProspectIndex.scoresOf(profile), ProfileViews.facets(profile));
  }

  /**
   * Moves the visitor from what it was counted under ({@code before}, null if nothing) to {@code
   * now} (null to take it out). An index entry is written only when its key (the score) or the
   * facets it holds changed: a publish that moves one score rewrites that sort's entry alone.
   */
  void move(String visitor, @Nullable Counted before, @Nullable Counted now) {
    if (Objects.equals(before, now)) {
      return;
    }
    adjust(
        TallyRules.difference(
            before == null ? List.of() : before.tallies(),
            now == null ? List.of() : now.tallies()));
    Map<ProspectSort, Double> scoresBefore = before == null ? Map.of() : before.scores();
    Map<ProspectSort, Double> scoresNow = now == null ? Map.of() : now.scores();
    // Double.equals compares the bits, as the keys do.
    scoresBefore.forEach(
        (sort, score) -> {
          if (!score.equals(scoresNow.get(sort))) {
            index.delete(ProspectIndex.key(sort, score, visitor));
          }
        });
    boolean sameFacets = before != null && now != null && now.facets().equals(before.facets());
    scoresNow.forEach(
        (sort, score) -> {
          if (!sameFacets || !score.equals(scoresBefore.get(sort))) {
            index.put(ProspectIndex.key(sort, score, visitor), now.facets());
          }
        });
  }

  private void adjust(Map<String, Long> delta) {
    delta.forEach(
        (key, d) -> {
          long is = valueOf(key) + d;
          remember(key, is);
          held.put(key, is);
        });
  }

  /** Counters that reach 0 are deleted, so the store holds only values someone has. */
  private void write(String key, long value) {
    if (value == 0) {
      counters.delete(key);
    } else {
      counters.put(key, value);
    }
  }

  /** The counter's value: remembered, or read from the store (adjust remembers its new value). */
  private long valueOf(String key) {
    Long value = known.get(key);
    if (value == null) {
      value = counters.get(key);
    }
    return value == null ? 0 : value;
  }

  private void remember(String key, long value) {
    if (known.size() >= MAX_KNOWN_COUNTERS && !known.containsKey(key)) {
      // What is held is read from what is known: written first, it is read back from the store.
      held.writeHeld();
      known.clear();
    }
    known.put(key, value);
  }
}
