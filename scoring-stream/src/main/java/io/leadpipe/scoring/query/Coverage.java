package io.leadpipe.scoring.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Which parts of a listing were read how. A listing is merged per partition of the visitor topics,
 * each from its active copy or, when that instance does not answer (restarting, rebalancing), from
 * a standby copy, which may lag; a partition no copy of which answered is missing from the counts
 * and the ranking. Both empty: the listing is complete and current.
 *
 * @param partitions partitions the listing is made of
 * @param stale partitions read from a copy that may lag
 * @param missing partitions not counted at all
 */
@Serdeable
public record Coverage(int partitions, List<Integer> stale, List<Integer> missing) {

  public Coverage {
    stale = List.copyOf(stale);
    missing = List.copyOf(missing);
  }

  /** Every partition read from its active copy. */
  public boolean current() {
    return stale.isEmpty() && missing.isEmpty();
  }
}
