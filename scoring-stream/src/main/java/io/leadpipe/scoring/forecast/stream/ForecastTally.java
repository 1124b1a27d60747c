package io.leadpipe.scoring.forecast.stream;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.tally.PublishedProfileTally;
import io.leadpipe.scoring.topology.Stores;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Segment evaluation's output → the same output, forwarded unchanged, after the forecast sums
 * (overall and per segment) are brought in step with it: a published profile replaces its visitor's
 * previous share (propensity × expected order value, its variance) with the current one in the
 * groups it was and is in, a retirement (all fields null) takes the share out. Only differences are
 * applied, in fixed point, so the sums never drift and the forecast never scans the profiles
 * (docs/scoring.md, Forecast).
 */
public final class ForecastTally extends PublishedProfileTally {

  /**
   * What a visitor is counted as now.
   *
   * @param groups the group keys ({@link ForecastGroups})
   * @param share its share of each group's sums
   */
  public record Counted(List<String> groups, ForecastSums share) {}

  private KeyValueStore<String, Counted> counted;
  private KeyValueStore<String, ForecastSums> sums;

  /**
   * @param profileSerde the profile topic's value serde, to count the published profiles once
   */
  public ForecastTally(Serde<ProspectProfile> profileSerde) {
    super(profileSerde, "the forecast");
  }

  @Override
  protected void openStores(ProcessorContext<?, ?> context) {
    this.counted = context.getStateStore(Stores.FORECAST_VISITOR_STORE);
    this.sums = context.getStateStore(Stores.FORECAST_STORE);
  }

  @Override
  protected boolean anyoneCounted() {
    return hasAny(counted);
  }

  @Override
  protected void count(String visitor, ProspectProfile profile) {
    Counted now = new Counted(ForecastGroups.of(profile), ForecastSums.shareOf(profile));
    Counted before = counted.get(visitor);
    if (now.equals(before)) {
      return;
    }
    if (before != null) {
      before.groups().forEach(g -> adjust(g, before.share(), false));
    }
    now.groups().forEach(g -> adjust(g, now.share(), true));
    counted.put(visitor, now);
  }

  @Override
  protected void retire(String visitor) {
    Counted before = counted.get(visitor);
    if (before == null) {
      return;
    }
    before.groups().forEach(g -> adjust(g, before.share(), false));
    counted.delete(visitor);
  }

  /** A group left with no visitor is deleted, so the store holds only groups someone is in. */
  private void adjust(String group, ForecastSums share, boolean add) {
    ForecastSums was = sums.get(group);
    ForecastSums base = was == null ? ForecastSums.NONE : was;
    ForecastSums is = add ? base.plus(share) : base.minus(share);
    if (is.visitors() == 0) {
      sums.delete(group);
    } else {
      sums.put(group, is);
    }
  }
}
