package io.leadpipe.dashboard.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReasonTallyTest {

  @Test
  void countsOnceOverallAndOnceUnderEachSegmentOfTheVisitor() {
    ReasonTally tally = new ReasonTally(10);
    tally.count("PRICE", Set.of("bargain", "hot"));
    tally.count("PRICE", Set.of("bargain"));
    tally.count("SHIPPING", Set.of());

    ReasonCounts counts = tally.snapshot(id -> id.toUpperCase());
    assertThat(counts.total()).isEqualTo(3);
    assertThat(counts.overall())
        .containsExactlyInAnyOrderEntriesOf(Map.of("PRICE", 2L, "SHIPPING", 1L));
    assertThat(counts.bySegment())
        .containsExactly(
            new ReasonCounts.SegmentReasons("bargain", "BARGAIN", 2, Map.of("PRICE", 2L)),
            new ReasonCounts.SegmentReasons("hot", "HOT", 1, Map.of("PRICE", 1L)));
  }

  @Test
  void perSegmentCountsAreBoundedByTheNumberOfSegments() {
    ReasonTally tally = new ReasonTally(2);
    tally.count("PRICE", Set.of("a"));
    tally.count("PRICE", Set.of("b"));
    tally.count("PRICE", Set.of("c"));

    assertThat(tally.snapshot(id -> id).bySegment())
        .extracting(ReasonCounts.SegmentReasons::segmentId)
        .containsExactlyInAnyOrder("b", "c");
    assertThat(tally.snapshot(id -> id).total()).isEqualTo(3);
  }
}
