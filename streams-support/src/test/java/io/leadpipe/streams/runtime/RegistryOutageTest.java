package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {

  private static final Duration BACKOFF = Duration.ofMillis(20);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final RegistryOutage.Processing processing =
      new RegistryOutage.Processing() {
        @Override
        public void pause() {
          calls.add("pause");
        }

        @Override
        public void resume() {
          calls.add("resume");
        }
      };

  @Test
  void pausesOnceAndResumesWhenTheRegistryAnswersAgain() {
    AtomicBoolean up = new AtomicBoolean(false);
    AtomicInteger probes = new AtomicInteger();
    try (RegistryOutage outage =
        new RegistryOutage(
            "test",
            () -> {
              probes.incrementAndGet();
              if (!up.get()) {
                throw new IllegalStateException("registry down");
              }
            },
            BACKOFF,
            BACKOFF.multipliedBy(4),
            Clock.systemUTC())) {
      // Two threads hit the same outage: one pause, one prober
      outage.began(processing);
      outage.began(processing);

      assertThat(calls).containsExactly("pause");
      assertThat(outage.since()).isPresent();
      await().atMost(WAIT).until(() -> probes.get() >= 3);
      assertThat(calls).containsExactly("pause");
      assertThat(outage.since()).isPresent();

      up.set(true);

      await().atMost(WAIT).until(() -> outage.since().isEmpty());
      assertThat(calls).containsExactly("pause", "resume");

      // A later outage pauses again
      up.set(false);
      outage.began(processing);
      assertThat(calls).containsExactly("pause", "resume", "pause");
      up.set(true);
      await().atMost(WAIT).until(() -> outage.since().isEmpty());
      assertThat(calls).containsExactly("pause", "resume", "pause", "resume");
    }
  }
}
