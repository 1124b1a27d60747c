package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileScorer;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.Scores;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stores of stitched profiles on one partition, and the fold that turns them into a published
 * profile: route (id → canonical id; a canonical id with members routes to itself), each member's
 * own state kept under its canonical id, the merged state (for its score history), the hashes of
 * erased ids, and the visitors pending for the next publish slot.
 */
final class MergedProfiles {

  private final ScoringConfig config;
  private final ProfileMerger merger;
  private final ProfileScorer scorer;
  private final ProfileMapper mapper;
  KeyValueStore<String, ProfileState> states;
  KeyValueStore<String, String> routes;
  KeyValueStore<String, ProfileState> members;
  KeyValueStore<String, ProfileState> merged;
  KeyValueStore<String, Long> suppressed;
  KeyValueStore<String, String> pending;

  MergedProfiles(ScoringConfig config) {
    this.config = config;
    this.merger = new ProfileMerger(config.rules());
    this.scorer = new ProfileScorer(config.rules());
    this.mapper = new ProfileMapper(config.rules());
  }

  void init(ProcessorContext<?, ?> context) {
    states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    routes = context.getStateStore(Stores.IDENTITY_ROUTE_STORE);
    members = context.getStateStore(Stores.IDENTITY_MEMBER_STORE);
    merged = context.getStateStore(Stores.IDENTITY_MERGED_STORE);
    suppressed = context.getStateStore(Stores.SUPPRESSION_STORE);
    pending = context.getStateStore(Stores.PENDING_PROFILE_STORE);
  }

  /**
   * The id's profile (the person's, for a canonical id) is published by the next publish slot, with
   * whatever else changes it within the interval: a member's state, more members of the same merge,
   * the canonical id's own inputs. An input already pending keeps its cause. The slot publishes
   * from the id's own state, so an id without one is not made pending: its person, folded now, is
   * returned for the caller to publish at once (null when there is nothing to publish).
   */
  ProspectProfile publishInSlot(String id, String cause) {
    if (states.get(id) == null) {
      return refold(id);
    }
    pending.putIfAbsent(id, cause);
    return null;
  }

  boolean erased(String id) {
    return suppressed.get(Hashing.sha256(id)) != null;
  }

  /**
   * The person's profile: the canonical id's own state folded with every member's, scored, with its
   * history.
   */
  ProspectProfile refold(String canonical) {
    return refold(canonical, null);
  }

  /**
   * As {@link #refold(String)}, the profile evaluated at {@code evaluatedAt} (the clock, when a
   * time threshold made the canonical id publish; null: the person's latest event).
   */
  ProspectProfile refold(String canonical, java.time.Instant evaluatedAt) {
    List<ProfileState> all = new ArrayList<>();
    ProfileState own = states.get(canonical);
    all.add(own);
    memberEntries(canonical).forEach(kv -> all.add(kv.value));
    ProfileState person = merger.merge(canonical, all);
    if (person == null) {
      return null;
    }
    Scores scores = scorer.score(person);
    ProfileState previous = merged.get(canonical);
    List<ScoreHistory.Point> history =
        previous != null ? previous.history() : own != null ? own.history() : List.of();
    person =
        person.withHistory(
            ScoreHistory.append(
                history,
                new ScoreHistory.Point(
                    person.asOf(), scores.engagement(), scores.fit().score(), scores.influence()),
                config.rules().history()));
    merged.put(canonical, person);
    return evaluatedAt == null
        ? mapper.toProfile(person, scores)
        : mapper.toProfile(person, evaluatedAt);
  }

  /**
   * Forgets what was folded under {@code canonical}: its members re-send their states wherever they
   * go next.
   */
  void dropMembers(String canonical) {
    memberEntries(canonical).forEach(kv -> members.delete(kv.key));
    merged.delete(canonical);
  }

  boolean hasMembers(String canonical) {
    return !memberEntries(canonical).isEmpty();
  }

  static String memberKey(String canonical, String member) {
    return prefix(canonical) + member;
  }

  private List<KeyValue<String, ProfileState>> memberEntries(String canonical) {
    List<KeyValue<String, ProfileState>> entries = new ArrayList<>();
    try (KeyValueIterator<String, ProfileState> it =
        members.prefixScan(prefix(canonical), new StringSerializer())) {
      it.forEachRemaining(entries::add);
    }
    return entries;
  }

  /**
   * Length-prefixed, so one canonical id's members are a key prefix whatever characters ids
   * contain.
   */
  private static String prefix(String canonical) {
    return canonical.length() + ":" + canonical + ":";
  }
}
