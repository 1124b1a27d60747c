package io.leadpipe.scoring.segment;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.Metric;
import org.junit.jupiter.api.Test;

/**
 * Records on leadpipe.segment-definitions that are not definitions (garbage, an unknown schema id,
 * a record of another schema) are skipped and counted by the global store's loader; the definitions
 * around them still apply.
 */
class SegmentDefinitionsPoisonTest {

  @Test
  void recordsThatAreNotDefinitionsAreSkippedAndCountedAndSegmentsStillEvaluate() {
    try (TopologyFixture f = new TopologyFixture()) {
      var raw = f.raw(Topics.SEGMENT_DEFINITIONS);
      raw.pipeInput("garbage", "not avro \u0000".getBytes(StandardCharsets.UTF_8));
      raw.pipeInput(
          "unknown-schema", ByteBuffer.allocate(9).put((byte) 0).putInt(99999).putInt(7).array());
      f.define("carts", "{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1}");
      // A valid web event in the Confluent wire format: right framing, wrong schema.
      byte[] webEvent =
          Topics.WEB_EVENTS
              .valueSerde(f.registry)
              .serializer()
              .serialize(
                  Topics.WEB_EVENTS.name(),
                  f.webEvent("someone", WebEventType.PAGE_VIEW, T0).build());
      raw.pipeInput("wrong-schema", webEvent);

      f.send("v1", WebEventType.CART_ADD, T0);

      assertThat(f.latest("v1").getSegments()).containsExactly("carts");
      assertThat(
              f.driver
                  .getTimestampedKeyValueStore(Stores.SEGMENT_DEFINITIONS_STORE)
                  .approximateNumEntries())
          .isEqualTo(1);
      assertThat(rejectedTotal(f)).isEqualTo(3.0);
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  private static double rejectedTotal(TopologyFixture f) {
    return f.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey()
                        .group()
                        .equals("stream-" + SegmentDefinitionsLoader.METRIC_SCOPE + "-metrics")
                    && e.getKey().name().equals(SegmentDefinitionsLoader.REJECTED + "-total"))
        .map(e -> (Metric) e.getValue())
        .mapToDouble(m -> (Double) m.metricValue())
        .sum();
  }
}
