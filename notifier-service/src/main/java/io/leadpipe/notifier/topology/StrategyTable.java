package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.sequence.FollowupSequence.Assigned;
import io.leadpipe.notifier.sequence.FollowupSequence.Detection;
import io.leadpipe.notifier.sequence.FollowupSequence.HeldOut;
import io.leadpipe.notifier.sequence.FollowupSequence.Treated;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.notifier.strategy.Assignment;
import io.leadpipe.notifier.strategy.Strategy;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.notifier.strategy.StrategySelector;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: a detection is assigned by the strategies in the global table as they are when it arrives —
 * the matching strategy of highest priority, then the visitor's arm of its experiment (holdout or a
 * variant); no matching strategy → no sequence; no strategy stored at all (before the defaults are
 * seeded) → the configured sequence of the kind, so nothing is missed while a new installation
 * starts.
 */
final class StrategyTable {
  private static final Logger LOG = LoggerFactory.getLogger(StrategyTable.class);

  /** Nothing to send: a detection no strategy is for still supersedes what is running. */
  static final SequencePlan NOTHING = new SequencePlan(null, List.of(), Map.of(), null);

  private final ReadOnlyKeyValueStore<String, FollowupStrategy> store;
  private final FollowupPolicy policy;

  /** Converted strategies by id, reused while the stored version is the same. */
  private final Map<String, Strategy> converted = new HashMap<>();

  StrategyTable(ReadOnlyKeyValueStore<String, FollowupStrategy> store, FollowupPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  Assigned assign(String visitor, Detection d, FollowupProfile profile) {
    List<Strategy> strategies = all();
    if (strategies.isEmpty() && isEmpty()) {
      return new Treated(null);
    }
    HesitationReason stated =
        profile != null
                && profile.statedReason() != null
                && profile.statedReasonAt() != null
                && !profile.statedReasonAt().isBefore(d.startedAt())
            ? profile.statedReason()
            : null;
    Optional<Strategy> chosen =
        StrategySelector.select(strategies, d.kind(), d.reason(), stated, profile);
    if (chosen.isEmpty()) {
      return new Treated(NOTHING);
    }
    SequencePlan.StrategyRef ref = Assignment.of(visitor, chosen.get());
    return SequencePlan.StrategyRef.HOLDOUT.equals(ref.variantId())
        ? new HeldOut(ref)
        : new Treated(chosen.get().plan(ref.variantId()));
  }

  private boolean isEmpty() {
    try (KeyValueIterator<String, FollowupStrategy> it = store.all()) {
      return !it.hasNext();
    }
  }

  /** The stored strategies (a few dozen: read whole), skipping any the rules cannot read. */
  private List<Strategy> all() {
    List<Strategy> out = new ArrayList<>();
    try (KeyValueIterator<String, FollowupStrategy> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, FollowupStrategy> e = it.next();
        if (e.value == null) {
          continue;
        }
        Strategy cached = converted.get(e.key);
        if (cached == null || cached.version() != e.value.getVersion()) {
          try {
            cached = StrategyRecords.of(e.value);
            converted.put(e.key, cached);
          } catch (IllegalArgumentException ex) {
            LOG.warn("strategy {} skipped, not readable: {}", e.key, ex.getMessage());
            continue;
          }
        }
        out.add(cached);
      }
    }
    return out;
  }
}
