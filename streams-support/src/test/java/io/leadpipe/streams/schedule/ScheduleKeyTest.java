package io.leadpipe.streams.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScheduleKeyTest {

  private KeyValueStore<String, String> schedule;

  @BeforeEach
  void openStore() {
    // An in-memory store orders keys by their bytes, as RocksDB does: what the range scan relies
    // on.
    schedule =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("schedule"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    schedule.init(new MockProcessorContext<>().getStateStoreContext(), schedule);
  }

  @AfterEach
  void closeStore() {
    schedule.close();
  }

  private void put(long dueAtMs, String visitor) {
    schedule.put(ScheduleKey.of(dueAtMs, visitor), visitor);
  }

  @Test
  void keyOrderIsDueTimeOrderWhateverTheNumberOfDigits() {
    assertThat(
            new TreeSet<>(
                List.of(
                    ScheduleKey.of(1_000, "a"), ScheduleKey.of(9, "z"), ScheduleKey.of(10, "b"))))
        .containsExactly(
            ScheduleKey.of(9, "z"), ScheduleKey.of(10, "b"), ScheduleKey.of(1_000, "a"));
    assertThat(ScheduleKey.of(1_700_000_000_000L, "v-1")).isEqualTo("0000001700000000000|v-1");
  }

  /** Keys written by earlier versions (String.format) must still be found and deleted. */
  @Test
  void aDueTimeIsWrittenExactlyAsTheFormatPatternWroteIt() {
    List<Long> times =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                9L,
                10L,
                -1L,
                -10L,
                1_700_000_000_000L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1,
                999_999_999_999_999_999L,
                -999_999_999_999_999_999L));
    Random random = new Random(3);
    for (int i = 0; i < 1_000; i++) {
      times.add(random.nextLong() >> random.nextInt(64));
    }
    for (long ms : times) {
      assertThat(ScheduleKey.due(ms)).as("%d", ms).isEqualTo(String.format("%019d", ms));
    }
  }

  @Test
  void dueByIsInclusiveOfNowAndExcludesLaterTimersEarliestFirst() {
    put(200, "later");
    put(100, "exactly-now");
    put(99, "before");
    put(101, "one-ms-late");

    assertThat(ScheduleKey.dueBy(schedule, 100))
        .extracting(kv -> kv.value)
        .containsExactly("before", "exactly-now");
    assertThat(ScheduleKey.dueBy(schedule, 98)).isEmpty();
  }

  @Test
  void aTimerDueNowIsFoundWhateverCharactersItsVisitorIdHas() {
    // '}' and '~' sort right after '|'; U+FFFF and supplementary characters are the highest in
    // UTF-8 bytes.
    List<String> visitors =
        List.of("}", "~~", "\uffff", "\uffff\uffff", "visitor-\uD83D\uDE00", "\uD83D\uDE00", "a|b");
    visitors.forEach(v -> put(100, v));
    put(101, "next");

    assertThat(ScheduleKey.dueBy(schedule, 100))
        .extracting(kv -> kv.value)
        .containsExactlyInAnyOrderElementsOf(visitors);
  }

  @Test
  void entriesMayBeDeletedWhileTheDueOnesAreHandled() {
    put(1, "a");
    put(2, "b");

    for (KeyValue<String, String> due : ScheduleKey.dueBy(schedule, 5)) {
      schedule.delete(due.key);
      put(10, due.value); // rescheduled
    }

    assertThat(ScheduleKey.dueBy(schedule, 5)).isEmpty();
    assertThat(ScheduleKey.dueBy(schedule, 10)).hasSize(2);
  }

  @Test
  void aLimitedScanReturnsTheEarliestDueEntriesAndLeavesTheRestForTheNextOne() {
    put(3, "c");
    put(1, "a");
    put(2, "b");
    put(50, "not-due");

    List<KeyValue<String, String>> first = ScheduleKey.dueBy(schedule, 10, 2);
    assertThat(first).extracting(kv -> kv.value).containsExactly("a", "b");
    first.forEach(kv -> schedule.delete(kv.key));
    assertThat(ScheduleKey.dueBy(schedule, 10, 2)).extracting(kv -> kv.value).containsExactly("c");
  }

  @Test
  void theDueTimeIsReadBackFromTheKey() {
    assertThat(ScheduleKey.dueOf(ScheduleKey.of(1_234, "v|with|bars"))).isEqualTo(1_234);
    assertThat(ScheduleKey.from(0)).isEqualTo("0000000000000000000");
  }

  @Test
  void theLatestPossibleNowDoesNotOverflow() {
    put(Long.MAX_VALUE, "end-of-time");

    assertThat(ScheduleKey.dueBy(schedule, Long.MAX_VALUE))
        .extracting(kv -> kv.value)
        .containsExactly("end-of-time");
  }
}
