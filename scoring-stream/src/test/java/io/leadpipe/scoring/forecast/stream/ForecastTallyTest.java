package io.leadpipe.scoring.forecast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.MockStores;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.tally.ForecastSumsSerde;
import io.leadpipe.streams.state.DeferredWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ForecastTallyTest {

  private static final String ALL = ForecastGroups.ALL;
  private static final ForecastSums CHEAP =
      new ForecastSums(1, 1, 200_000, 8_000, 6_400, 0, 0, 0, 0);
  private static final ForecastSums DEAR =
      new ForecastSums(1, 1, 300_000, 30_000, 63_000, 0, 0, 0, 0);

  private final KeyValueStore<String, ForecastSums> sums =
      MockStores.inMemory(new MockProcessorContext<>(), "forecast-store", new ForecastSumsSerde());
  private final List<String> writes = new ArrayList<>();
  private final ForecastTally tally =
      new ForecastTally(MockStores.noting(sums, Set.of("put", "delete"), writes));

  private static ForecastTally.Counted counted(ForecastSums share, String... groups) {
    return new ForecastTally.Counted(List.of(groups), share);
  }

  @Test
  void aShareThatChangesInTheSameGroupsWritesEachGroupOnceWithTheDifference() {
    tally.move(null, counted(CHEAP, ALL, "seg-a"));
    tally.move(null, counted(CHEAP, ALL));
    writes.clear();

    tally.move(counted(CHEAP, ALL, "seg-a"), counted(DEAR, ALL, "seg-a"));

    assertThat(writes).containsExactly("put " + ALL, "put seg-a");
    assertThat(sums.get(ALL)).isEqualTo(CHEAP.plus(DEAR));
    assertThat(sums.get("seg-a")).isEqualTo(DEAR);
  }

  @Test
  void enteringASegmentWithTheSameShareWritesThatSegmentAlone() {
    tally.move(null, counted(CHEAP, ALL, "seg-a"));
    writes.clear();

    tally.move(counted(CHEAP, ALL, "seg-a"), counted(CHEAP, ALL, "seg-a", "seg-b"));

    assertThat(writes).containsExactly("put seg-b");
    assertThat(sums.get(ALL)).isEqualTo(CHEAP);
    assertThat(sums.get("seg-b")).isEqualTo(CHEAP);
  }

  @Test
  void leavingTakesTheShareOutAndAGroupLeftEmptyIsDeleted() {
    tally.move(null, counted(CHEAP, ALL, "seg-a"));
    tally.move(null, counted(DEAR, ALL, "seg-b"));

    tally.move(counted(CHEAP, ALL, "seg-a"), counted(DEAR, ALL));
    tally.move(counted(DEAR, ALL, "seg-b"), null);

    assertThat(sums.get(ALL)).isEqualTo(DEAR);
    assertThat(sums.get("seg-a")).isNull();
    assertThat(sums.get("seg-b")).isNull();
    assertThat(sums.approximateNumEntries()).isEqualTo(1);
  }

  @Test
  void withinAStepEachGroupIsWrittenOnceWithItsLastSums() {
    tally.move(null, counted(CHEAP, ALL, "seg-a"));
    writes.clear();

    DeferredWrites.during(
        () -> {
          tally.move(null, counted(DEAR, ALL, "seg-b"));
          tally.move(null, counted(CHEAP, ALL, "seg-b"));
          tally.move(counted(CHEAP, ALL, "seg-a"), counted(CHEAP, ALL));
          tally.move(counted(DEAR, ALL, "seg-b"), counted(DEAR, ALL));
          assertThat(writes).isEmpty();
        });

    assertThat(writes).containsExactlyInAnyOrder("put " + ALL, "put seg-b", "delete seg-a");
    assertThat(sums.get(ALL)).isEqualTo(CHEAP.plus(DEAR).plus(CHEAP));
    assertThat(sums.get("seg-a")).isNull();
    assertThat(sums.get("seg-b")).isEqualTo(CHEAP);
  }
}
