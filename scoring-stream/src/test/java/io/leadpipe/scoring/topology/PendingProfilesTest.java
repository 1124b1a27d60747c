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
import java.util.Optional;
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

  private static final Duration IDLE_CHECK = ScoringConfig.defaults().segmentCheckInterval();

  private final Task task = new Task();

  /** One task's processor with its own context and stores; tasks of one test share the thread. */
  private static final class Task {
    final MockProcessorContext<String, ProspectProfile> context = new MockProcessorContext<>();

    final PendingProfiles processor =
        new PendingProfiles(ScoringConfig.defaults(), new GlobalTableChanges());
    final KeyValueStore<String, ProfileState> states;
    final KeyValueStore<String, String> pending;

    Task() {
      context.setCurrentSystemTimeMs(SLOT.toEpochMilli());
      states =
          MockStores.inMemory(
              context, Stores.PROFILE_STATE_STORE, StateSerde.of(ProfileState.class));
      pending = MockStores.inMemory(context, Stores.PENDING_PROFILE_STORE, Serdes.String());
      processor.init(context);
    }

    void changed(String visitor) {
      states.put(visitor, ProfileState.empty(visitor, SLOT));
      processor.process(new Record<>(visitor, "page", SLOT.toEpochMilli()));
    }

    /** Another processor of the task (the stitcher) makes a visitor pending. */
    void stitched(String visitor) {
      states.put(visitor, ProfileState.empty(visitor, SLOT));
      pending.putIfAbsent(visitor, "merge");
    }

    /** The idle check at that moment (scheduled with the segment definitions' check). */
    void idleCheckAt(Instant now) {
      context.setCurrentSystemTimeMs(now.toEpochMilli());
      context.scheduledPunctuators().stream()
          .filter(p -> p.getInterval().equals(IDLE_CHECK) && !p.cancelled())
          .findFirst()
          .orElseThrow()
          .getPunctuator()
          .punctuate(now.toEpochMilli());
    }

    /** A check at that moment, if the task's checks are scheduled (Streams runs no other). */
    void checkAt(Instant now) {
      context.setCurrentSystemTimeMs(now.toEpochMilli());
      checks().ifPresent(c -> c.getPunctuator().punctuate(now.toEpochMilli()));
    }

    Optional<MockProcessorContext.CapturedPunctuator> checks() {
      return context.scheduledPunctuators().stream()
          .filter(p -> p.getInterval().equals(CHECK) && !p.cancelled())
          .findFirst();
    }

    List<String> published() {
      return context.forwarded().stream().map(f -> (String) f.record().key()).toList();
    }
  }

  @Test
  void checksTenTimesPerPublishInterval() {
    assertThat(task.checks()).isPresent();
  }

  @Test
  void anIdleTaskStopsCheckingSoStreamsDoesNotCommitIt() {
    task.checkAt(SLOT.plusMillis(3));

    assertThat(task.checks()).isEmpty();
  }

  @Test
  void aTaskChecksUntilItsPublishIsAskedToCommitThenStops() {
    task.changed("v1");

    task.checkAt(SLOT.plusMillis(3));

    assertThat(task.checks()).isPresent();

    task.checkAt(SLOT.plusMillis(13));

    assertThat(task.context.committed()).isTrue();
    assertThat(task.checks()).isEmpty();
  }

  @Test
  void aVisitorPendingInAnIdleTaskIsPublishedAtTheNextSlotsStartWithTheOtherTasks() {
    task.checkAt(SLOT.plusMillis(3));
    task.context.setCurrentSystemTimeMs(SLOT.plusMillis(40).toEpochMilli());
    task.changed("v1");

    assertThat(task.checks()).isPresent();

    task.checkAt(SLOT.plusMillis(50));
    task.checkAt(SLOT.plusMillis(90));

    assertThat(task.published()).isEmpty();

    task.checkAt(SLOT.plusMillis(100));

    assertThat(task.published()).containsExactly("v1");
  }

  @Test
  void aPersonTheStitcherMakesPendingInAnIdleTaskIsPublishedAfterTheIdleCheck() {
    task.checkAt(SLOT.plusMillis(3));

    task.stitched("person");
    task.idleCheckAt(SLOT.plusMillis(1_000));

    assertThat(task.checks()).isPresent();

    task.checkAt(SLOT.plusMillis(1_050));

    assertThat(task.published()).isEmpty();

    task.checkAt(SLOT.plusMillis(1_100));

    assertThat(task.published()).containsExactly("person");
  }

  @Test
  void anIdleCheckWithNothingPendingLeavesTheChecksStopped() {
    task.checkAt(SLOT.plusMillis(3));

    task.idleCheckAt(SLOT.plusMillis(1_000));

    assertThat(task.checks()).isEmpty();
  }

  @Test
  void aVisitorTheStitcherAddsDuringAPublishKeepsTheChecks() {
    task.changed("v1");
    task.checkAt(SLOT.plusMillis(3));
    task.stitched("person");
    task.checkAt(SLOT.plusMillis(13));

    assertThat(task.checks()).isPresent();

    task.checkAt(SLOT.plusMillis(103));

    assertThat(task.published()).containsExactly("v1", "person");
  }

  @Test
  void aVisitorPendingWhileThePublishAwaitsItsCommitKeepsTheChecks() {
    task.changed("v1");
    task.checkAt(SLOT.plusMillis(3));
    task.changed("v2");
    task.checkAt(SLOT.plusMillis(13));

    assertThat(task.checks()).isPresent();

    task.checkAt(SLOT.plusMillis(103));

    assertThat(task.published()).containsExactly("v1", "v2");
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
