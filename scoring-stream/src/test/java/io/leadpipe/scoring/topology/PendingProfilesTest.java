package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.MockStores;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.state.StateSerde;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publish on its own: what ProspectTopologyTest cannot see, because TopologyTestDriver commits
 * after every input record anyway.
 */
class PendingProfilesTest {

  private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");

  private final MockProcessorContext<String, ProspectProfile> context =
      new MockProcessorContext<>();
  private final PendingProfiles processor =
      new PendingProfiles(ScoringConfig.defaults(), new GlobalTableChanges());
  private KeyValueStore<String, ProfileState> states;

  @BeforeEach
  void init() {
    states = store(Stores.PROFILE_STATE_STORE, StateSerde.of(ProfileState.class));
    store(Stores.PENDING_PROFILE_STORE, Serdes.String());
    processor.init(context);
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    return MockStores.inMemory(context, name, values);
  }

  /** The first punctuation scheduled in init is the publish. */
  private void publishAt(Instant now) {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(now.toEpochMilli());
  }

  @Test
  void aPublishAsksForACommitSoWhatItPublishedIsReadableAtOnce() {
    states.put("v1", ProfileState.empty("v1", T0));
    processor.process(new Record<>("v1", "page", T0.toEpochMilli()));
    processor.process(new Record<>("v1", "track", T0.toEpochMilli()));

    publishAt(T0.plusMillis(100));

    List<String> published =
        context.forwarded().stream().map(f -> (String) f.record().key()).toList();
    assertThat(published).containsExactly("v1");
    assertThat(context.committed()).isTrue();
  }

  @Test
  void aPublishWithNothingPendingAsksForNoCommit() {
    publishAt(T0.plusMillis(100));

    assertThat(context.forwarded()).isEmpty();
    assertThat(context.committed()).isFalse();
  }
}
