package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRunTest {

  @TempDir Path dir;

  @Test
  void the_first_run_draws_a_seed_and_a_restart_keeps_it_but_continues_with_a_new_stream() {
    DemoRun first = DemoRun.next(dir, OptionalLong.empty(), () -> 1234L);
    DemoRun second = DemoRun.next(dir, OptionalLong.empty(), () -> 9999L);

    assertThat(first).isEqualTo(new DemoRun(1234L, 1));
    assertThat(second).isEqualTo(new DemoRun(1234L, 2));
    assertThat(second.runSeed()).isNotEqualTo(first.runSeed());
  }

  @Test
  void the_same_seed_on_a_fresh_data_directory_replays_the_same_shoppers(@TempDir Path other) {
    DemoRun here = DemoRun.next(dir, OptionalLong.of(42), () -> 1L);
    DemoRun there = DemoRun.next(other, OptionalLong.of(42), () -> 2L);

    assertThat(here.runSeed()).isEqualTo(there.runSeed());
  }

  @Test
  void runs_are_counted_per_seed_so_going_back_to_a_seed_does_not_replay_it() {
    DemoRun.next(dir, OptionalLong.of(42), () -> 1L);
    DemoRun.next(dir, OptionalLong.of(7), () -> 1L);
    DemoRun back = DemoRun.next(dir, OptionalLong.of(42), () -> 1L);
    DemoRun unchosen = DemoRun.next(dir, OptionalLong.empty(), () -> 1L);

    assertThat(back).isEqualTo(new DemoRun(42, 2));
    assertThat(unchosen)
        .as("without --seed the last seed used continues")
        .isEqualTo(new DemoRun(42, 3));
  }

  @Test
  void run_seeds_differ_in_the_low_48_bits_that_java_util_random_uses() {
    long mask = (1L << 48) - 1;
    assertThat(new DemoRun(1, 1).runSeed() & mask).isNotEqualTo(new DemoRun(1, 2).runSeed() & mask);
  }

  @Test
  void a_damaged_state_file_is_reported_with_what_to_do() throws Exception {
    Files.writeString(dir.resolve(DemoRun.STATE_FILE), "seed=not-a-number\n");

    assertThatThrownBy(() -> DemoRun.next(dir, OptionalLong.empty(), () -> 1L))
        .hasMessageContaining("damaged")
        .hasMessageContaining("delete it");
  }
}
