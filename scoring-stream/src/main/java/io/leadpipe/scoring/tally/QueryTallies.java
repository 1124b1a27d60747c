package io.leadpipe.scoring.tally;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.query.ProfileViews;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.scoring.topology.Stores;
import io.micronaut.core.annotation.Nullable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Segment evaluation's output → the same output, forwarded unchanged, after the query API's
 * counters and prospect index are brought in step with it: a published profile moves its visitor
 * from the counters and index entries it was counted under to its current ones (only the difference
 * is written; an index entry holds the facets a filter reads, the rows come from the published
 * profiles), a retirement (all fields null) takes the visitor out of both, a membership change
 * touches nothing (the profile published with it carries the same news). So a listing reads
 * counters and the top of an index instead of every profile (docs/queries.md).
 */
public final class QueryTallies extends PublishedProfileTally {

  /**
   * What a visitor is counted under now.
   *
   * @param tallies counter keys (TallyRules)
   * @param buckets its score bucket per sort: its prospect-index entries are these buckets' keys
   * @param facets what its index entries hold; null when read from an earlier version, which kept
   *     whole summaries there (so the entries are rewritten at the next publish)
   */
  public record Counted(
      List<String> tallies, Map<ProspectSort, Long> buckets, @Nullable ProspectFacets facets) {

    public Counted {
      tallies = List.copyOf(tallies);
      Map<ProspectSort, Long> inSortOrder = new EnumMap<>(ProspectSort.class);
      inSortOrder.putAll(buckets);
      buckets = Collections.unmodifiableMap(inSortOrder);
    }
  }

  private final TallyRules rules;
  private KeyValueStore<String, Counted> counted;
  private KeyValueStore<String, Long> counters;
  private KeyValueStore<String, ProspectFacets> index;

  /**
   * @param fit the fit target the audience counters judge values against
   * @param profileSerde the profile topic's value serde, to count the published profiles once
   */
  public QueryTallies(FitRules fit, Serde<ProspectProfile> profileSerde) {
    super(profileSerde, "the query API");
    this.rules = new TallyRules(fit);
  }

  @Override
  protected void openStores(ProcessorContext<?, ?> context) {
    this.counted = context.getStateStore(Stores.TALLY_KEYS_STORE);
    this.counters = context.getStateStore(Stores.TALLY_STORE);
    this.index = context.getStateStore(Stores.PROSPECT_INDEX_STORE);
  }

  @Override
  protected boolean anyoneCounted() {
    return hasAny(counted);
  }

  /**
   * Moves the visitor to its current counters and index entries. An entry is written only when its
   * key (the score's bucket) or the facets it holds changed: a publish that moves one score by a
   * bucket or more rewrites that sort's entry alone, one that changes nothing counted writes
   * nothing.
   */
  @Override
  protected void count(String visitor, ProspectProfile profile) {
    Counted now =
        new Counted(
            rules.keysOf(profile), ProspectIndex.bucketsOf(profile), ProfileViews.facets(profile));
    Counted before = counted.get(visitor);
    if (now.equals(before)) {
      return;
    }
    adjust(TallyRules.difference(before == null ? List.of() : before.tallies(), now.tallies()));
    boolean sameFacets = before != null && now.facets().equals(before.facets());
    if (before != null) {
      before
          .buckets()
          .forEach(
              (sort, bucket) -> {
                if (!bucket.equals(now.buckets().get(sort))) {
                  index.delete(ProspectIndex.key(sort, bucket, visitor));
                }
              });
    }
    now.buckets()
        .forEach(
            (sort, bucket) -> {
              if (!sameFacets || !bucket.equals(before.buckets().get(sort))) {
                index.put(ProspectIndex.key(sort, bucket, visitor), now.facets());
              }
            });
    counted.put(visitor, now);
  }

  @Override
  protected void retire(String visitor) {
    Counted before = counted.get(visitor);
    if (before == null) {
      return;
    }
    adjust(TallyRules.difference(before.tallies(), List.of()));
    ProspectIndex.keysOf(visitor, before.buckets()).forEach(index::delete);
    counted.delete(visitor);
  }

  /** Counters that reach 0 are deleted, so the store holds only values someone has. */
  private void adjust(Map<String, Long> delta) {
    delta.forEach(
        (key, d) -> {
          Long was = counters.get(key);
          long is = (was == null ? 0 : was) + d;
          if (is == 0) {
            counters.delete(key);
          } else {
            counters.put(key, is);
          }
        });
  }
}
