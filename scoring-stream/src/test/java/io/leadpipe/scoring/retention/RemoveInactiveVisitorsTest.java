package io.leadpipe.scoring.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.MockStores;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.topology.ProfileAggregator;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.state.StateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The processor on its own: the chunk bound per check needs only a few visitors here, where the
 * production topology would need a thousand.
 */
class RemoveInactiveVisitorsTest {

  private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
  private static final Duration INACTIVITY = Duration.ofDays(30);
  private static final int CHUNK = 2;
  private static final ProfileMapper MAPPER = new ProfileMapper(ScoringRules.defaults());

  private final MockProcessorContext<String, ProspectProfile> context =
      new MockProcessorContext<>();
  private final RemoveInactiveVisitors processor =
      new RemoveInactiveVisitors(new RetentionPolicy(INACTIVITY), CHUNK);
  private KeyValueStore<String, ProfileState> states;

  @BeforeEach
  void init() {
    states = store(Stores.PROFILE_STATE_STORE, StateSerde.of(ProfileState.class));
    store(Stores.IDENTITY_ROUTE_STORE, Serdes.String());
    store(Stores.RETENTION_SCHEDULE_STORE, Serdes.String());
    store(Stores.RETENTION_DUE_STORE, Serdes.Long());
    processor.init(context);
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    return MockStores.inMemory(context, name, values);
  }

  /** What the aggregator does before the processor sees the visitor's profile. */
  private void seen(String visitor, Instant at) {
    ProfileState state = ProfileState.empty(visitor, at);
    states.put(visitor, state);
    processor.process(new Record<>(visitor, MAPPER.toProfile(state), at.toEpochMilli()));
  }

  private List<String> checkAt(Instant now) {
    context.resetForwards();
    CapturedPunctuator check = context.scheduledPunctuators().get(0);
    check.getPunctuator().punctuate(now.toEpochMilli());
    return context.forwarded().stream().map(CapturedForward::record).map(this::removal).toList();
  }

  private String removal(Record<? extends String, ? extends ProspectProfile> r) {
    assertThat(r.value()).isNull();
    return r.key()
        + " "
        + new String(
            r.headers().lastHeader(ProfileAggregator.CAUSE_HEADER).value(), StandardCharsets.UTF_8);
  }

  @Test
  void eachCheckRemovesAtMostAChunkEarliestFirstAndTheNextTheRest() {
    seen("c", T0.plusSeconds(3));
    seen("a", T0.plusSeconds(1));
    seen("b", T0.plusSeconds(2));
    Instant late = T0.plus(INACTIVITY).plus(Duration.ofDays(1));

    assertThat(checkAt(late)).containsExactly("a retention", "b retention");
    assertThat(states.get("c")).isNotNull();
    assertThat(checkAt(late)).containsExactly("c retention");
    assertThat(states.get("c")).isNull();
    assertThat(checkAt(late)).isEmpty();
  }

  @Test
  void stateWrittenBeforeTheTimersExistedIsGivenTimersChunkByChunkAndRemoved() {
    for (String visitor : List.of("old-1", "old-2", "old-3")) {
      states.put(visitor, ProfileState.empty(visitor, T0));
    }
    Instant late = T0.plus(INACTIVITY).plus(Duration.ofDays(1));

    assertThat(checkAt(late)).isEmpty();
    assertThat(checkAt(late)).containsExactly("old-1 retention", "old-2 retention");
    assertThat(checkAt(late)).containsExactly("old-3 retention");
    KeyValueStore<String, String> schedule = context.getStateStore(Stores.RETENTION_SCHEDULE_STORE);
    assertThat(schedule.get(RemoveInactiveVisitors.ADOPTION_CURSOR))
        .isEqualTo(RemoveInactiveVisitors.ADOPTION_DONE);
    // The walk is done once: state written later is scheduled by its write, not walked again.
    states.put("old-4", ProfileState.empty("old-4", T0));
    assertThat(checkAt(late)).isEmpty();
    assertThat(states.get("old-4")).isNotNull();
  }

  @Test
  void theCheckRunsOnStreamTime() {
    assertThat(context.scheduledPunctuators())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getType())
                  .isEqualTo(org.apache.kafka.streams.processor.PunctuationType.STREAM_TIME);
              assertThat(p.getInterval()).isEqualTo(RemoveInactiveVisitors.CHECK_INTERVAL);
            });
  }

  @Test
  void aStateWriteNeverMovesTheTimerLaterOnlyTheCheckDoes() {
    seen("a", T0);
    seen("a", T0.plus(Duration.ofDays(10)));
    KeyValueStore<String, Long> dues = context.getStateStore(Stores.RETENTION_DUE_STORE);
    assertThat(dues.get("a")).isEqualTo(T0.plus(INACTIVITY).toEpochMilli());

    assertThat(checkAt(T0.plus(INACTIVITY))).isEmpty();
    assertThat(dues.get("a"))
        .isEqualTo(T0.plus(Duration.ofDays(10)).plus(INACTIVITY).toEpochMilli());
  }
}
