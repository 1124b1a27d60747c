package io.leadpipe.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeferredWritesTest {

  private final List<String> written = new ArrayList<>();

  /** A writer that notes each time it writes what it held. */
  private DeferredWrites.Writer writer(String name) {
    return () -> written.add(name);
  }

  @Test
  void outside_a_step_nothing_is_held() {
    assertThat(DeferredWrites.holdFor(writer("a"))).isFalse();
    assertThat(written).isEmpty();
  }

  @Test
  void a_writer_held_many_times_in_a_step_writes_once_at_its_end() {
    DeferredWrites.Writer a = writer("a");
    DeferredWrites.Writer b = writer("b");
    DeferredWrites.during(
        () -> {
          assertThat(DeferredWrites.holdFor(a)).isTrue();
          assertThat(DeferredWrites.holdFor(b)).isTrue();
          assertThat(DeferredWrites.holdFor(a)).isTrue();
          assertThat(written).isEmpty();
        });

    assertThat(written).containsExactly("a", "b");
    assertThat(DeferredWrites.holdFor(a)).isFalse();
  }

  @Test
  void a_step_within_a_step_writes_at_the_end_of_the_outer_one() {
    DeferredWrites.Writer a = writer("a");
    DeferredWrites.during(
        () -> {
          DeferredWrites.during(() -> DeferredWrites.holdFor(a));
          assertThat(written).isEmpty();
        });

    assertThat(written).containsExactly("a");
  }

  @Test
  void a_step_that_throws_still_writes_what_was_held_and_ends() {
    DeferredWrites.Writer a = writer("a");
    assertThatThrownBy(
            () ->
                DeferredWrites.during(
                    () -> {
                      DeferredWrites.holdFor(a);
                      throw new IllegalStateException("step failed");
                    }))
        .hasMessage("step failed");

    assertThat(written).containsExactly("a");
    assertThat(DeferredWrites.holdFor(a)).isFalse();
  }

  @Test
  void a_step_holds_only_on_its_own_thread() throws Exception {
    DeferredWrites.Writer a = writer("a");
    boolean[] heldElsewhere = new boolean[1];
    DeferredWrites.during(
        () ->
            heldElsewhere[0] =
                CompletableFuture.supplyAsync(() -> DeferredWrites.holdFor(a)).join());

    assertThat(heldElsewhere[0]).isFalse();
    assertThat(written).isEmpty();
  }

  @Test
  void held_writes_keep_the_last_value_per_key_until_the_step_ends() {
    List<String> puts = new ArrayList<>();
    DeferredWrites.Held<String, Integer> counters =
        new DeferredWrites.Held<>((key, value) -> puts.add(key + "=" + value));

    counters.put("a", 1);
    assertThat(puts).containsExactly("a=1");
    assertThat(counters.get("a")).isNull();

    DeferredWrites.during(
        () -> {
          counters.put("a", 2);
          counters.put("b", 1);
          counters.put("a", 3);
          assertThat(counters.get("a")).isEqualTo(3);
          assertThat(puts).containsExactly("a=1");
        });

    assertThat(puts).containsExactlyInAnyOrder("a=1", "a=3", "b=1");
    assertThat(counters.get("a")).isNull();
  }
}
