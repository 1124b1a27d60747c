package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.MockStores;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The publish on its own: what ProspectTopologyTest cannot see, because TopologyTestDriver commits
 * after every input record anyway.
 */
class PendingProfilesTest {

  /** The start of a publish slot (a multiple of the default 100 ms interval). */
  private static final Instant SLOT = Instant.parse("2026-01-10T08:00:00Z");

  private static final Duration CHECK = Duration.ofMillis(10);

  private final Task task = new Task();

  /** One task's processor with its own context and stores; tasks of one test share the thread. */
  private static final class Task {
    final MockProcessorContext<String, ProspectProfile> context = new MockProcessorContext<>();
    final PendingProfiles processor =
        new PendingProfiles(ScoringConfig.defaults(), new GlobalTableChanges());
    final KeyValueStore<String, ProfileState> states;

    Task() {
      states =
          MockStores.inMemory(
              context, Stores.PROFILE_STATE_STORE, StateSerde.of(ProfileState.class));
      MockStores.inMemory(context, Stores.PENDING_PROFILE_STORE, Serdes.String());
      processor.init(context);
    }

    void changed(String visitor) {
      states.put(visitor, ProfileState.empty(visitor, SLOT));
      processor.process(new Record<>(visitor, "page", SLOT.toEpochMilli()));
    }

    /** The first punctuation scheduled in init is the slot check. */
    void checkAt(Instant now) {
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(now.toEpochMilli());
    }

    List<String> published() {
      return context.forwarded().stream().map(f -> (String) f.record().key()).toList();
    }
  }

  @Test
  void checksTenTimesPerPublishInterval() {
    assertThat(task.context.scheduledPunctuators().get(0).getInterval()).isEqualTo(CHECK);
  }

  @Test
  void aVisitorsEventsInOneSlotMakeOnePublishAndTheNextCheckAsksForTheCommit() {
    task.changed("v1");
    task.processor.process(new Record<>("v1", "track", SLOT.toEpochMilli()));

    task.checkAt(SLOT.plusMillis(3));

    assertThat(task.published()).containsExactly("v1");
    assertThat(task.context.committed()).isFalse();

    task.checkAt(SLOT.plusMillis(13));

    assertThat(task.published()).containsExactly("v1");
    assertThat(task.context.committed()).isTrue();
  }

  @Test
  void aPublishWithNothingPendingAsksForNoCommit() {
    task.checkAt(SLOT.plusMillis(3));
    task.checkAt(SLOT.plusMillis(13));

    assertThat(task.context.forwarded()).isEmpty();
    assertThat(task.context.committed()).isFalse();
  }

  @Test
  void nothingIsPublishedTwiceInOneSlot() {
    task.checkAt(SLOT.plusMillis(3));
    task.changed("v1");

    task.checkAt(SLOT.plusMillis(13));
    task.checkAt(SLOT.plusMillis(93));

    assertThat(task.published()).isEmpty();

    task.checkAt(SLOT.plusMillis(103));

    assertThat(task.published()).containsExactly("v1");
  }

  @Test
  void theTasksOfAThreadPublishingInOneSlotAskForOneCommit() {
    Task other = new Task();
    task.changed("v1");
    other.changed("v2");

    task.checkAt(SLOT.plusMillis(2));
    other.checkAt(SLOT.plusMillis(7));
    task.checkAt(SLOT.plusMillis(12));
    other.checkAt(SLOT.plusMillis(17));

    assertThat(task.published()).containsExactly("v1");
    assertThat(other.published()).containsExactly("v2");
    // Streams commits every task of the thread when one asks: the other's publish is in it.
    assertThat(task.context.committed()).isTrue();
    assertThat(other.context.committed()).isFalse();
  }

  @Test
  void aPublishAfterAnotherTasksRequestAsksAgain() {
    Task late = new Task();
    task.changed("v1");
    late.changed("v2");

    task.checkAt(SLOT.plusMillis(2));
    task.checkAt(SLOT.plusMillis(12));
    // This task's first check in the slot comes only after the request (a slow loop).
    late.checkAt(SLOT.plusMillis(14));
    late.checkAt(SLOT.plusMillis(24));

    assertThat(task.context.committed()).isTrue();
    assertThat(late.published()).containsExactly("v2");
    assertThat(late.context.committed()).isTrue();
  }
}
