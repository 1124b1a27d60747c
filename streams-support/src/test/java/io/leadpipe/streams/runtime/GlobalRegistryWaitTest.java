package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class GlobalRegistryWaitTest {

  private final GlobalRegistryWait wait =
      new GlobalRegistryWait(Duration.ofMillis(1), Duration.ofMillis(4));

  @Test
  void waitsOutAnUnavailableRegistry() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger waitingMeanwhile = new AtomicInteger();

    String decoded =
        wait.decode(
            "a definition",
            () -> {
              if (calls.incrementAndGet() > 1) {
                waitingMeanwhile.set(GlobalRegistryWait.waitingThreads());
              }
              if (calls.get() < 5) {
                throw new SchemaRegistryUnavailableException("down", null);
              }
              return "decoded";
            });

    assertThat(decoded).isEqualTo("decoded");
    assertThat(calls).hasValue(5);
    assertThat(waitingMeanwhile).hasValue(1);
    assertThat(GlobalRegistryWait.waitingThreads()).isZero();
  }

  @Test
  void aRecordsOwnFaultIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                wait.decode(
                    "a definition",
                    () -> {
                      calls.incrementAndGet();
                      throw new SerializationException("garbage");
                    }))
        .isInstanceOf(SerializationException.class)
        .hasMessage("garbage");
    assertThat(calls).hasValue(1);
  }
}
