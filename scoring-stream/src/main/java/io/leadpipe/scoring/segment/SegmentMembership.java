package io.leadpipe.scoring.segment;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.propensity.stream.ServingPropensity;
import io.leadpipe.scoring.tally.VisitorTally;
import io.leadpipe.scoring.timing.TimeThresholds;
import io.leadpipe.scoring.timing.TimeTimers;
import io.leadpipe.scoring.topology.ProfileAggregator;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.state.DeferredWrites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * profile updated → evaluate every enabled segment definition (global store) → memberships that
 * changed since the last evaluation → ENTERED / EXITED, and the profile carries its current
 * segments. The profile is serialized once, here: the same Avro bytes go to the queryable
 * prospect-profile-store and to the topic, so a query answers with exactly what subscribers of the
 * topic saw (and no table conversion adds a repartition topic on the way out).
 */
public final class SegmentMembership
    implements Processor<String, ProspectProfile, String, SegmentMembership.Out> {

  /**
   * Either the profile with its segments and the Avro bytes it is published as (both null: a
   * tombstone), or one membership change. A published profile comes with what its visitor was
   * counted under until now ({@code countedBefore}, null: nothing), as evaluation read it for the
   * previous segments: the tally step downstream, in the same task and step, moves the visitor from
   * there without reading the record again.
   */
  public record Out(
      ProspectProfile profile, byte[] published, SegmentChange change, VisitorTally countedBefore) {
    static Out retired() {
      return new Out(null, null, null, null);
    }

    static Out of(SegmentChange change) {
      return new Out(null, null, change, null);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SegmentMembership.class);

  /** Serialized for this topic's subject, so the bytes are the topic's record value as is. */
  private static final String PROFILES_TOPIC = Topics.PROSPECT_PROFILES.name();

  /** Metric group and name of the keys a task's running re-evaluation has left (0 when none). */
  public static final String METRIC_GROUP = "stream-segments-metrics";

  public static final String REMAINING_METRIC = "reevaluation-remaining";

  private static final String DEFINITION_CHANGED = "definition changed";

  private final Map<String, Parsed> parsedRules = new HashMap<>();
  private ProcessorContext<String, Out> context;

  /** What each visitor is counted under, which includes the segments of its published profile. */
  private KeyValueStore<String, VisitorTally> tallies;

  private KeyValueStore<String, byte[]> published;
  private KeyValueStore<String, ValueAndTimestamp<SegmentDefinition>> definitions;

  private record Parsed(int version, SegmentRule rule) {}

  /** An enabled definition with its parsed rule (null: the rule does not parse, never matches). */
  private record Active(SegmentDefinition definition, SegmentRule rule) {}

  /**
   * A profile's evaluation: the enabled segments it is in, and the time thresholds its attributes
   * leave open (its timer's).
   */
  private record Evaluation(Set<String> segments, TimeThresholds reachable) {}

  private final GlobalTableChanges changes;
  private long changesSeen = -1;
  private Map<String, Active> active = Map.of();

  /** The enabled rules that compare a time attribute or the engagement score with a number. */
  private List<SegmentRule> timedRules = List.of();

  private final ProfileMapper mapper;
  private final TimeTimers timers;
  private final ServingPropensity propensity;
  private final Serde<ProspectProfile> profileSerde;
  private final Duration checkInterval;
  private KeyValueStore<String, ProfileState> profileStates;
  private KeyValueStore<String, String> routes;
  private KeyValueStore<String, ProfileState> mergedStates;
  private final ScoringConfig.Reevaluation reevaluation;
  private final ReevaluationShare share;
  private KeyValueStore<Integer, ReevaluationCursor> cursors;
  private ReevaluationPass pass;
  private Sensor remaining;

  /** The running pass's chunks while scheduled; null while no pass runs. */
  private Cancellable chunks;

  /**
   * @param profileSerde the profile topic's value serde (each processor instance its own)
   * @param share the stream threads' time for passes, shared by all tasks of the application
   */
  public SegmentMembership(
      ScoringConfig config,
      Serde<ProspectProfile> profileSerde,
      GlobalTableChanges changes,
      GlobalTableChanges modelChanges,
      ReevaluationShare share) {
    this.changes = changes;
    this.share = share;
    this.propensity = new ServingPropensity(config.propensity(), modelChanges);
    this.mapper = new ProfileMapper(config.rules());
    this.timers = new TimeTimers(config.rules(), changes);
    this.profileSerde = profileSerde;
    this.checkInterval = config.segmentCheckInterval();
    this.reevaluation = config.reevaluation();
  }

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.tallies = context.getStateStore(Stores.TALLY_VISITOR_STORE);
    this.published = context.getStateStore(Stores.PROFILE_STORE);
    this.definitions = context.getStateStore(Stores.SEGMENT_DEFINITIONS_STORE);
    this.profileStates = context.getStateStore(Stores.PROFILE_STATE_STORE);
    this.routes = context.getStateStore(Stores.IDENTITY_ROUTE_STORE);
    this.mergedStates = context.getStateStore(Stores.IDENTITY_MERGED_STORE);
    this.cursors = context.getStateStore(Stores.SEGMENT_REEVALUATION_STORE);
    this.remaining = remainingSensor(context);
    this.timers.init(context);
    this.propensity.init(context);
    // The global store is fully loaded before tasks start: a change made while the application was
    // down, or a pass a crash or rebalance cut short, is (re)started here.
    this.pass =
        ReevaluationPass.atStart(
            cursors.get(partition()), definitionVersions(), hasProfiles(), this::estimatedKeys);
    remaining.record(pass.cursor().remaining());
    if (pass.running()) {
      LOG.info(
          "Task {}: re-evaluating segment memberships for definitions {} from key {} ({} done)",
          context.taskId(),
          pass.cursor().target(),
          pass.cursor().lastKey(),
          pass.cursor().done());
    }
    // A wall-clock punctuation makes Streams commit its task (flush its caches and the producer,
    // add its offsets to the transaction) whether or not it did anything: the chunks are scheduled
    // only while a pass runs.
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::onCheck);
    if (pass.running()) {
      chunks =
          context.schedule(reevaluation.interval(), PunctuationType.WALL_CLOCK_TIME, this::onChunk);
    }
  }

  /** A pass a definition change starts does its first chunk at once, as the chunks after it. */
  private void onCheck(long now) {
    checkDefinitions();
    if (pass.running() && chunks == null) {
      chunks =
          context.schedule(reevaluation.interval(), PunctuationType.WALL_CLOCK_TIME, this::onChunk);
      onChunk(now);
    } else {
      saveCursor();
    }
  }

  private void onChunk(long now) {
    long left = pass.running() ? share.left(now) : 0;
    if (left > 0) {
      long budget = Math.min(left, reevaluation.timeBudget().toNanos());
      long started = System.nanoTime();
      // A chunk's changed visitors move the same few counters and forecast sums: each written once.
      DeferredWrites.during(() -> reevaluateChunk(budget, now));
      share.spent(System.nanoTime() - started);
    }
    saveCursor();
    if (!pass.running() && chunks != null) {
      chunks.cancel();
      chunks = null;
    }
  }

  /**
   * Global stores cannot reach local stores, so each task polls the (cheap) definition versions;
   * any create/change/delete starts a pass over the task's profiles, done in chunks.
   */
  private void checkDefinitions() {
    if (pass.onDefinitions(definitionVersions(), this::estimatedKeys)) {
      LOG.info(
          "Task {}: segment definitions changed to {}: re-evaluating about {} profiles",
          context.taskId(),
          pass.cursor().target(),
          pass.cursor().total());
    }
  }

  /**
   * One bounded chunk of the running pass (at most the chunk size, and {@code timeBudgetNanos}: the
   * chunk budget or what is left of the thread's share); its output and its cursor go in one
   * transaction: live events keep flowing between chunks, and a crash resumes after the last chunk
   * committed.
   */
  private void reevaluateChunk(long timeBudgetNanos, long now) {
    pass.runChunk(
        reevaluation.chunkSize(),
        timeBudgetNanos,
        System::nanoTime,
        this::walk,
        (stage, key, state) -> reevaluate(stage, key, state, now));
    if (!pass.running()) {
      LOG.info(
          "Task {}: segment memberships reflect definitions {}: {} profiles walked, {} changed",
          context.taskId(),
          pass.cursor().applied(),
          pass.cursor().done(),
          pass.cursor().changed());
    }
  }

  /**
   * A profile of the pass: ids standing alone from their own state, people from their merged state
   * (a linked id's own state is skipped), evaluated at the clock (a new rule on days since counts
   * to now). Output only when its membership changes. Its timer is re-armed either way: the new
   * definitions may have other thresholds.
   */
  private boolean reevaluate(
      ReevaluationPass.Stage stage, String key, ProfileState state, long now) {
    Instant at = ProfileMapper.evaluationTime(state, Instant.ofEpochMilli(now));
    boolean alone = stage == ReevaluationPass.Stage.PROFILE_STATES;
    if (alone && routes.get(key) != null) {
      // A linked member's timer goes; a person's is armed from their merged profile, later in the
      // pass: the stage and lead-type moments of their own state, the only ones counted here, are
      // among those.
      timers.rearm(key, TimeThresholds.NONE, at);
      return false;
    }
    // An id standing alone: its timer follows from the state walked (not read again).
    ProfileState aloneState = alone ? state : null;
    ProspectProfile profile = predicted(mapper.toProfile(state, at));
    Evaluation evaluation = evaluation(profile);
    VisitorTally counted = tallies.get(key);
    if (evaluation.segments().equals(segmentsIn(counted))) {
      rearm(key, aloneState, evaluation.reachable(), at);
      return false;
    }
    // Publishing re-arms the timer (evaluate does for every published profile).
    evaluate(new Record<>(key, profile, now), DEFINITION_CHANGED, evaluation, counted, aloneState);
    return true;
  }

  private void rearm(
      String visitor, ProfileState aloneState, TimeThresholds reachable, Instant evaluatedAt) {
    if (aloneState != null) {
      timers.rearmAlone(visitor, aloneState, reachable, evaluatedAt);
    } else {
      timers.rearm(visitor, reachable, evaluatedAt);
    }
  }

  /** The enabled segments whose rule the profile matches, and the thresholds it can reach. */
  private Evaluation evaluation(ProspectProfile profile) {
    Set<String> matched = new TreeSet<>();
    Map<String, Object> attributes = ProfileAttributesView.of(profile);
    for (Active a : activeDefinitions().values()) {
      if (a.rule() != null && SegmentEvaluator.matches(a.rule(), attributes)) {
        matched.add(a.definition().getSegmentId());
      }
    }
    return new Evaluation(matched, TimeThresholds.reachable(timedRules, attributes));
  }

  /**
   * The enabled definitions, re-read from the global store only after the loader changed it: an
   * evaluation costs no store iteration, and still sees a new definition at once.
   */
  private Map<String, Active> activeDefinitions() {
    long now = changes.current();
    if (now != changesSeen) {
      // Seen before reading: a change racing with the read is picked up by the next evaluation.
      changesSeen = now;
      Map<String, Active> next = new HashMap<>();
      List<SegmentRule> timed = new ArrayList<>();
      try (KeyValueIterator<String, ValueAndTimestamp<SegmentDefinition>> it = definitions.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          SegmentDefinition def = kv.value == null ? null : kv.value.value();
          if (def != null && def.getEnabled()) {
            Active a = new Active(def, rule(def));
            next.put(kv.key, a);
            if (a.rule() != null && !TimeThresholds.of(List.of(a.rule())).isEmpty()) {
              timed.add(a.rule());
            }
          }
        }
      }
      active = next;
      timedRules = List.copyOf(timed);
    }
    return active;
  }

  private ReevaluationPass.Walk<ProfileState> walk(ReevaluationPass.Stage stage, String from) {
    KeyValueStore<String, ProfileState> store =
        stage == ReevaluationPass.Stage.PROFILE_STATES ? profileStates : mergedStates;
    KeyValueIterator<String, ProfileState> it = store.range(from, null);
    return new ReevaluationPass.Walk<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Map.Entry<String, ProfileState> next() {
        var kv = it.next();
        return Map.entry(kv.key, kv.value);
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  private void saveCursor() {
    if (pass.takeDirty()) {
      cursors.put(partition(), pass.cursor());
      remaining.record(pass.cursor().remaining());
    }
  }

  /**
   * The cursor store is the task's own: keyed by its partition, so queries can tell tasks apart.
   */
  private int partition() {
    return context.taskId().partition();
  }

  private boolean hasProfiles() {
    for (KeyValueStore<String, ProfileState> store : List.of(profileStates, mergedStates)) {
      try (KeyValueIterator<String, ProfileState> it = store.all()) {
        if (it.hasNext()) {
          return true;
        }
      }
    }
    return false;
  }

  /** RocksDB's estimate: counting exactly would be the very scan the chunks avoid. */
  private long estimatedKeys() {
    return profileStates.approximateNumEntries() + mergedStates.approximateNumEntries();
  }

  private Sensor remainingSensor(ProcessorContext<?, ?> context) {
    String task = context.taskId().toString();
    Sensor sensor =
        context.metrics().addSensor(REMAINING_METRIC + "-" + task, Sensor.RecordingLevel.INFO);
    sensor.add(
        new MetricName(
            REMAINING_METRIC,
            METRIC_GROUP,
            "Profiles (store keys) the task's segment re-evaluation has left; 0 when none runs",
            Map.of("task-id", task)),
        new Value());
    return sensor;
  }

  @Override
  public void close() {
    if (remaining != null) {
      context.metrics().removeSensor(remaining);
    }
  }

  private Map<String, Integer> definitionVersions() {
    Map<String, Integer> versions = new HashMap<>();
    try (KeyValueIterator<String, ValueAndTimestamp<SegmentDefinition>> it = definitions.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value != null && kv.value.value() != null) {
          // Disabled definitions count as a different version so enabling/disabling re-evaluates.
          versions.put(kv.key, kv.value.value().getEnabled() ? kv.value.value().getVersion() : -1);
        }
      }
    }
    return versions;
  }

  @Override
  public void process(Record<String, ProspectProfile> record) {
    Header cause = record.headers().lastHeader(ProfileAggregator.CAUSE_HEADER);
    String why =
        cause == null ? "profile updated" : new String(cause.value(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      retire(record, why);
    } else {
      evaluate(record, why);
    }
  }

  /**
   * The id's profile is gone (merged into another id's, or erased): it exits its segments, leaves
   * the queryable store, and its key gets a tombstone, so subscribers see one lead per person.
   */
  private void retire(Record<String, ProspectProfile> record, String cause) {
    // No timer outlives the profile: an erased id is not kept until its next threshold.
    timers.drop(record.key());
    byte[] lastBytes = published.get(record.key());
    if (lastBytes == null) {
      return;
    }
    ProspectProfile last = profileSerde.deserializer().deserialize(PROFILES_TOPIC, lastBytes);
    published.delete(record.key());
    context.forward(record.withValue(Out.retired()));
    for (String id : last.getSegments()) {
      SegmentDefinition def = definitionOf(id);
      context.forward(
          record.withValue(
              Out.of(
                  SegmentChange.newBuilder(change(last, id, def, SegmentChangeType.EXITED, cause))
                      .setCause(cause)
                      .build())));
    }
  }

  private SegmentDefinition definitionOf(String segmentId) {
    ValueAndTimestamp<SegmentDefinition> def = definitions.get(segmentId);
    return def == null ? null : def.value();
  }

  private void evaluate(Record<String, ProspectProfile> record, String cause) {
    evaluate(record, cause, evaluation(predicted(record.value())), tallies.get(record.key()), null);
  }

  /**
   * Every published profile passes here, so here it gets its purchase propensity, before the rules
   * that may use it ({@code propensity.purchase7d}) are evaluated.
   */
  private ProspectProfile predicted(ProspectProfile profile) {
    profile.setPropensity(propensity.of(profile));
    return profile;
  }

  /**
   * Publishes the profile with the segments of its {@code evaluation}, and the changes from the
   * segments it was {@code counted} under (the visitor's tally record, read by the caller). {@code
   * aloneState}: the state of a visitor the caller knows to stand alone, else null.
   */
  private void evaluate(
      Record<String, ProspectProfile> record,
      String cause,
      Evaluation evaluation,
      VisitorTally counted,
      ProfileState aloneState) {
    ProspectProfile profile = record.value();
    Set<String> current = evaluation.segments();
    // Every published profile passes here, whichever path made it (an input, a timer, a member's
    // update folded into its person): its visitor's next time threshold follows from it.
    rearm(
        record.key(),
        aloneState,
        evaluation.reachable(),
        profile.getEvaluatedAt() == null ? profile.getUpdatedAt() : profile.getEvaluatedAt());
    Set<String> previous = segmentsIn(counted);
    Map<String, Active> byId = activeDefinitions();
    profile.setSegments(new ArrayList<>(current));
    byte[] bytes = profileSerde.serializer().serialize(PROFILES_TOPIC, profile);
    published.put(record.key(), bytes);
    context.forward(record.withValue(new Out(profile, bytes, null, counted)));
    for (String id : current) {
      if (!previous.contains(id)) {
        context.forward(
            record.withValue(
                Out.of(
                    change(
                        profile, id, definitionIn(byId, id), SegmentChangeType.ENTERED, cause))));
      }
    }
    for (String id : previous) {
      if (!current.contains(id)) {
        context.forward(
            record.withValue(
                Out.of(
                    change(profile, id, definitionIn(byId, id), SegmentChangeType.EXITED, cause))));
      }
    }
  }

  /**
   * The segments of the visitor's last published profile: the tally step downstream keeps them in
   * the visitor's record (written in the same transaction as that profile), so membership needs no
   * store of its own. The callers read the record before their publish reaches that step.
   */
  private static Set<String> segmentsIn(VisitorTally counted) {
    return counted == null ? Set.of() : new TreeSet<>(counted.query().facets().segments());
  }

  private static SegmentDefinition definitionIn(Map<String, Active> byId, String segmentId) {
    Active a = byId.get(segmentId);
    return a == null ? null : a.definition();
  }

  private SegmentRule rule(SegmentDefinition def) {
    Parsed cached = parsedRules.get(def.getSegmentId());
    if (cached != null && cached.version() == def.getVersion()) {
      return cached.rule();
    }
    SegmentRule rule;
    try {
      rule = SegmentRuleParser.parse(def.getRule());
    } catch (InvalidSegmentRuleException e) {
      // The admin API validates rules; one written around it must not stop scoring for everyone.
      LOG.warn(
          "Segment {} v{} has an invalid rule and is skipped: {}",
          def.getSegmentId(),
          def.getVersion(),
          e.getMessage());
      rule = null;
    }
    parsedRules.put(def.getSegmentId(), new Parsed(def.getVersion(), rule));
    return rule;
  }

  private static SegmentChange change(
      ProspectProfile p,
      String segmentId,
      SegmentDefinition def,
      SegmentChangeType type,
      String cause) {
    return SegmentChange.newBuilder()
        .setVisitorId(p.getVisitorId())
        .setSegmentId(segmentId)
        .setSegmentName(def == null ? null : def.getName())
        .setChange(type)
        .setAt(p.getEvaluatedAt() == null ? p.getUpdatedAt() : p.getEvaluatedAt())
        .setCause(def == null ? "segment deleted or disabled" : cause)
        .setDefinitionVersion(def == null ? 0 : def.getVersion())
        .setProfileRevision(p.getRevision())
        .build();
  }
}
