package io.leadpipe.dashboard.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.support.DashboardJson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentSizesTest {

  @Test
  void readsCountsGivenAsAnObjectOrAsAList() {
    assertThat(SegmentSizes.fromJson(json("{\"hot\": 3, \"bargain\": 0}")))
        .contains(Map.of("hot", 3L, "bargain", 0L));
    assertThat(SegmentSizes.fromJson(json("{\"sizes\": {\"hot\": 3}}"))).contains(Map.of("hot", 3L));
    assertThat(SegmentSizes.fromJson(json("{\"segments\": [{\"segmentId\": \"hot\", \"members\": 4},"
        + " {\"id\": \"loyal\", \"size\": 2}]}"))).contains(Map.of("hot", 4L, "loyal", 2L));
  }

  @Test
  void anythingElseIsNotAvailable() {
    assertThat(SegmentSizes.fromJson(json("{\"hot\": \"many\"}"))).isEmpty();
    assertThat(SegmentSizes.fromJson(json("[{\"segmentId\": \"hot\"}]"))).isEmpty();
    assertThat(SegmentSizes.fromJson(json("42"))).isEmpty();
    assertThat(SegmentSizes.fromJson(null)).isEmpty();
  }

  @Test
  void historyKeepsTheLastSamples() {
    SegmentSizeHistory history = new SegmentSizeHistory(2);
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    history.record(t0, Map.of("hot", 1L));
    history.record(t0.plusSeconds(5), Map.of("hot", 2L));
    history.record(t0.plusSeconds(10), Map.of("hot", 3L));

    assertThat(history.history()).extracting(s -> s.sizes().get("hot")).containsExactly(2L, 3L);
  }

  private static JsonNode json(String text) {
    return DashboardJson.read(text).orElseThrow();
  }
}
