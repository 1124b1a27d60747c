package io.leadpipe.scoring.forecast.stream;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.streams.state.DeferredWrites;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The forecast sums (overall and per segment), kept in step with the published profiles
 * (tally.PublishedProfileTally): a published profile replaces its visitor's previous share
 * (propensity × expected order value, its variance) with the current one in the groups it was and
 * is in, a retirement takes the share out. Only differences are applied, in fixed point, so the
 * sums never drift and the forecast never scans the profiles (docs/scoring.md, Forecast).
 *
 * <p>Within a step that forwards many profiles ({@link DeferredWrites}: a publish slot, a
 * re-evaluation chunk) each group's sums are read once and written once, at the step's end.
 */
public final class ForecastTally {

  /**
   * What a visitor is counted as now.
   *
   * @param groups the group keys ({@link ForecastGroups})
   * @param share its share of each group's sums
   */
  public record Counted(List<String> groups, ForecastSums share) {

    public Counted {
      groups = List.copyOf(groups);
    }
  }

  private final KeyValueStore<String, ForecastSums> sums;

  /** Groups moved in the current step and not yet written: their sums (no visitor: delete). */
  private final DeferredWrites.Held<String, ForecastSums> held =
      new DeferredWrites.Held<>(this::write);

  /**
   * @param sums forecast group → the sums of its visitors' shares
   */
  public ForecastTally(KeyValueStore<String, ForecastSums> sums) {
    this.sums = sums;
  }

  /** What the profile is counted as. */
  public static Counted countedOf(ProspectProfile profile) {
    return new Counted(ForecastGroups.of(profile), ForecastSums.shareOf(profile));
  }

  /**
   * Moves the visitor's share from what it was counted as ({@code before}, null if nothing) to
   * {@code now} (null to take it out). A group the visitor stays in gets the change of its share in
   * one write, none when the share is the same: a profile entering one segment writes that
   * segment's sums alone.
   */
  public void move(@Nullable Counted before, @Nullable Counted now) {
    if (Objects.equals(before, now)) {
      return;
    }
    List<String> was = before == null ? List.of() : before.groups();
    List<String> is = now == null ? List.of() : now.groups();
    ForecastSums change = before != null && now != null ? now.share().minus(before.share()) : null;
    for (String group : was) {
      if (!is.contains(group)) {
        adjust(group, ForecastSums.NONE.minus(before.share()));
      } else if (!change.equals(ForecastSums.NONE)) {
        adjust(group, change);
      }
    }
    for (String group : is) {
      if (!was.contains(group)) {
        adjust(group, now.share());
      }
    }
  }

  private void adjust(String group, ForecastSums delta) {
    ForecastSums was = held.get(group);
    if (was == null) {
      was = sums.get(group);
    }
    held.put(group, (was == null ? ForecastSums.NONE : was).plus(delta));
  }

  /** A group left with no visitor is deleted, so the store holds only groups someone is in. */
  private void write(String group, ForecastSums is) {
    if (is.visitors() == 0) {
      sums.delete(group);
    } else {
      sums.put(group, is);
    }
  }
}
