package io.leadpipe.scoring.tally;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.scoring.segment.SegmentMembership;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.state.DeferredWrites;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment evaluation's output → the same output, forwarded unchanged, after the tallies kept from
 * the published profiles are brought in step with it: the query API's counters and prospect index
 * ({@link QueryTallies}), the match preview's sample ({@link PreviewSampling}) and the forecast
 * sums ({@link ForecastTally}). A published profile moves its visitor to what it is counted under
 * now, a retirement (all fields null) takes it out, a membership change touches nothing (the
 * profile published with it carries the same news).
 *
 * <p>What each visitor is counted under is one record ({@link VisitorTally}), read once per publish
 * by segment evaluation (which needs its segments) and handed along with the profile, and written
 * here only when it changed. A task whose record store is empty (its first start) or holds an older
 * version's records (their index keys are not this version's) clears the tallies and counts its
 * published profiles once, so they never hold a visitor twice.
 */
public final class PublishedProfileTally
    implements Processor<String, SegmentMembership.Out, String, SegmentMembership.Out> {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedProfileTally.class);

  /** Keys deleted per scan when a tally is cleared, so clearing never holds a whole store. */
  private static final int CLEAR_BATCH = 10_000;

  private final TallyRules rules;
  private final Serde<ProspectProfile> profileSerde;
  private ProcessorContext<String, SegmentMembership.Out> context;
  private KeyValueStore<String, VisitorTally> visitors;
  private QueryTallies queries;
  private PreviewSampling sample;
  private ForecastTally forecast;

  /**
   * @param fit the fit target the audience counters judge values against
   * @param profileSerde the profile topic's value serde, to count the published profiles once
   */
  public PublishedProfileTally(FitRules fit, Serde<ProspectProfile> profileSerde) {
    this.rules = new TallyRules(fit);
    this.profileSerde = profileSerde;
  }

  @Override
  public void init(ProcessorContext<String, SegmentMembership.Out> context) {
    this.context = context;
    this.visitors = context.getStateStore(Stores.TALLY_VISITOR_STORE);
    KeyValueStore<String, Long> counters = context.getStateStore(Stores.TALLY_STORE);
    KeyValueStore<String, ProspectFacets> index =
        context.getStateStore(Stores.PROSPECT_INDEX_STORE);
    KeyValueStore<String, String> sampled = context.getStateStore(Stores.PREVIEW_SAMPLE_STORE);
    KeyValueStore<String, ForecastSums> sums = context.getStateStore(Stores.FORECAST_STORE);
    this.queries = new QueryTallies(rules, counters, index);
    this.sample = new PreviewSampling(sampled);
    this.forecast = new ForecastTally(sums);
    if (needsCounting(visitors)) {
      List.<KeyValueStore<String, ?>>of(visitors, counters, index, sampled, sums)
          .forEach(PublishedProfileTally::clear);
      KeyValueStore<String, byte[]> published = context.getStateStore(Stores.PROFILE_STORE);
      DeferredWrites.during(() -> countPublishedOnce(published));
    }
  }

  @Override
  public void process(Record<String, SegmentMembership.Out> record) {
    SegmentMembership.Out out = record.value();
    if (out.change() == null) {
      if (out.profile() != null) {
        count(record.key(), out.countedBefore(), out.profile());
      } else {
        retire(record.key());
      }
    }
    context.forward(record);
  }

  /**
   * Moves the visitor from what it was counted under ({@code before}: its record as segment
   * evaluation read it in this step, or null) to what the profile is counted under.
   */
  private void count(String visitor, VisitorTally before, ProspectProfile profile) {
    VisitorTally now =
        new VisitorTally(queries.countedOf(profile), ForecastTally.countedOf(profile));
    if (now.equals(before)) {
      return;
    }
    if (before == null) {
      sample.enter(visitor);
    }
    queries.move(visitor, before == null ? null : before.query(), now.query());
    forecast.move(before == null ? null : before.forecast(), now.forecast());
    visitors.put(visitor, now);
  }

  private void retire(String visitor) {
    VisitorTally before = visitors.get(visitor);
    if (before == null) {
      return;
    }
    sample.leave(visitor);
    queries.move(visitor, before.query(), null);
    forecast.move(before.forecast(), null);
    visitors.delete(visitor);
  }

  private void countPublishedOnce(KeyValueStore<String, byte[]> published) {
    int counted = 0;
    try (KeyValueIterator<String, byte[]> all = published.all()) {
      while (all.hasNext()) {
        var kv = all.next();
        if (kv.value != null) {
          count(
              kv.key,
              visitors.get(kv.key),
              profileSerde.deserializer().deserialize(Topics.PROSPECT_PROFILES.name(), kv.value));
          counted++;
        }
      }
    }
    if (counted > 0) {
      LOG.info(
          "Counted {} published profiles for the query API and forecast in {}",
          counted,
          context.taskId());
    }
  }

  /**
   * Whether the tallies have to be counted from the published profiles: no visitor records, or
   * records written by an earlier version whose keys differ: without scores (every profile has one
   * per sort; that version's index was keyed by score buckets), or with a counter per filter or per
   * stage and segment (this version sums the facet counters for listing totals, the funnel and the
   * segment sizes). All records of a task come from one version (docs/deployment.md).
   */
  private static boolean needsCounting(KeyValueStore<String, VisitorTally> visitors) {
    try (KeyValueIterator<String, VisitorTally> any = visitors.all()) {
      if (!any.hasNext()) {
        return true;
      }
      QueryTallies.Counted counted = any.next().value.query();
      return counted.scores().isEmpty() || TallyRules.byEarlierRules(counted.tallies());
    }
  }

  private static void clear(KeyValueStore<String, ?> store) {
    List<String> keys = new ArrayList<>();
    do {
      keys.clear();
      try (KeyValueIterator<String, ?> all = store.all()) {
        while (all.hasNext() && keys.size() < CLEAR_BATCH) {
          keys.add(all.next().key);
        }
      }
      keys.forEach(store::delete);
    } while (keys.size() == CLEAR_BATCH);
  }
}
