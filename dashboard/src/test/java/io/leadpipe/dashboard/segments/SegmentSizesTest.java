package io.leadpipe.dashboard.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.support.DashboardJson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentSizesTest {

  @Test
  void readsMembersAndNamesFromTheQueryApisAnswer() {
    SegmentSizes sizes =
        SegmentSizes.fromJson(
                json(
                    "{\"profiles\": 40, \"segments\": ["
                        + "{\"segmentId\": \"hot-prospects\", \"name\": \"Hot prospects\", \"members\": 12},"
                        + "{\"segmentId\": \"retired\", \"name\": null, \"members\": 2}]}"))
            .orElseThrow();

    assertThat(sizes.members())
        .containsExactly(Map.entry("hot-prospects", 12L), Map.entry("retired", 2L));
    assertThat(sizes.names()).containsExactly(Map.entry("hot-prospects", "Hot prospects"));
  }

  @Test
  void noSegmentsDefinedYetIsAnAnswerWithoutTheList() {
    assertThat(SegmentSizes.fromJson(json("{\"profiles\": 0}")))
        .contains(new SegmentSizes(Map.of(), Map.of()));
  }

  @Test
  void anythingElseIsNotAvailable() {
    assertThat(SegmentSizes.fromJson(json("{\"hot\": 3}"))).isEmpty();
    assertThat(
            SegmentSizes.fromJson(
                json(
                    "{\"profiles\": 1, \"segments\": [{\"segmentId\": \"hot\", \"members\": \"many\"}]}")))
        .isEmpty();
    assertThat(SegmentSizes.fromJson(json("{\"profiles\": 1, \"segments\": {\"hot\": 3}}")))
        .isEmpty();
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
