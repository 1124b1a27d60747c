package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.LifecycleStage;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles per lifecycle stage, in funnel order (visitor → engaged prospect → hesitating buyer →
 * customer → repeat customer). {@code profiles} is where visitors are now; {@code reached} counts
 * those at this stage or further down the funnel. {@code coverage}: which partitions were counted
 * from a copy that may lag or not at all (null on an instance's share).
 */
@Serdeable
public record Funnel(long total, List<Stage> stages, @Nullable Coverage coverage)
    implements MergedListing {

  @Creator
  public Funnel {}

  /** A funnel without a statement of coverage: one instance's share. */
  public Funnel(long total, List<Stage> stages) {
    this(total, stages, null);
  }

  public Funnel withCoverage(Coverage c) {
    return new Funnel(total, stages, c);
  }

  /** One stage of the funnel. */
  @Serdeable
  public record Stage(String stage, long profiles, long reached) {}

  /** The funnel of profiles whose current stages are {@code stages} (contract symbols). */
  public static Funnel of(Iterable<String> stages) {
    Map<String, Long> counts = new HashMap<>();
    stages.forEach(s -> counts.merge(s, 1L, Long::sum));
    return fromCounts(counts);
  }

  /** The funnel of all instances: counts per stage add up. */
  public static Funnel merge(Collection<Funnel> partials) {
    Map<String, Long> counts = new HashMap<>();
    partials.forEach(
        f -> f.stages().forEach(s -> counts.merge(s.stage(), s.profiles(), Long::sum)));
    return fromCounts(counts);
  }

  /** The funnel of profiles counted per stage (contract symbol → profiles there now). */
  public static Funnel fromCounts(Map<String, Long> counts) {
    LifecycleStage[] order = LifecycleStage.values();
    List<Stage> stages = new ArrayList<>();
    long reached = 0;
    for (int i = order.length - 1; i >= 0; i--) {
      long here = counts.getOrDefault(order[i].name(), 0L);
      reached += here;
      stages.add(0, new Stage(order[i].name(), here, reached));
    }
    return new Funnel(reached, List.copyOf(stages));
  }
}
