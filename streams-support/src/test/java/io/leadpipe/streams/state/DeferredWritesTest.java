package io.leadpipe.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeferredWritesTest {

  private final List<String> written = new ArrayList<>();

  /** Held writes that note each write as "store:key=value". */
  private DeferredWrites.Held<String, Integer> store(String name) {
    return new DeferredWrites.Held<>((key, value) -> written.add(name + ":" + key + "=" + value));
  }

  @Test
  void outside_a_step_every_put_is_written_at_once() {
    DeferredWrites.Held<String, Integer> counters = store("counters");

    counters.put("a", 1);
    counters.put("a", 2);

    assertThat(written).containsExactly("counters:a=1", "counters:a=2");
    assertThat(counters.get("a")).isNull();
  }

  @Test
  void within_a_step_each_key_is_written_once_with_its_last_value_at_the_end() {
    DeferredWrites.Held<String, Integer> counters = store("counters");
    DeferredWrites.Held<String, Integer> sums = store("sums");
    DeferredWrites.during(
        () -> {
          counters.put("a", 1);
          sums.put("x", 7);
          counters.put("b", 1);
          counters.put("a", 3);
          assertThat(counters.get("a")).isEqualTo(3);
          assertThat(written).isEmpty();
        });

    assertThat(written).containsExactlyInAnyOrder("counters:a=3", "counters:b=1", "sums:x=7");
    assertThat(counters.get("a")).isNull();
  }

  @Test
  void a_step_within_a_step_writes_at_the_end_of_the_outer_one() {
    DeferredWrites.Held<String, Integer> counters = store("counters");
    DeferredWrites.during(
        () -> {
          DeferredWrites.during(() -> counters.put("a", 1));
          assertThat(written).isEmpty();
        });

    assertThat(written).containsExactly("counters:a=1");
  }

  @Test
  void what_is_written_early_is_not_written_again_at_the_end() {
    DeferredWrites.Held<String, Integer> counters = store("counters");
    DeferredWrites.during(
        () -> {
          counters.put("a", 1);
          counters.writeHeld();
          counters.put("b", 2);
        });

    assertThat(written).containsExactly("counters:a=1", "counters:b=2");
  }

  @Test
  void a_step_that_throws_still_writes_what_was_held_and_ends() {
    DeferredWrites.Held<String, Integer> counters = store("counters");
    assertThatThrownBy(
            () ->
                DeferredWrites.during(
                    () -> {
                      counters.put("a", 1);
                      throw new IllegalStateException("step failed");
                    }))
        .hasMessage("step failed");

    assertThat(written).containsExactly("counters:a=1");
    counters.put("b", 2);
    assertThat(written).containsExactly("counters:a=1", "counters:b=2");
  }

  @Test
  void a_step_holds_only_on_its_own_thread() {
    DeferredWrites.Held<String, Integer> counters = store("counters");
    DeferredWrites.during(
        () -> {
          CompletableFuture.runAsync(() -> counters.put("a", 1)).join();
          assertThat(written).containsExactly("counters:a=1");
        });

    assertThat(written).containsExactly("counters:a=1");
  }
}
