package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.results.Exposures.Exposure;
import io.leadpipe.streams.state.StateSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** A visitor's exposures, by strategy id: the value of the exposure store (Smile). */
record VisitorExposures(Map<String, Exposure> byStrategy) {
  static final VisitorExposures NONE = new VisitorExposures(Map.of());

  VisitorExposures {
    byStrategy = byStrategy == null ? Map.of() : Map.copyOf(byStrategy);
  }

  static Serde<VisitorExposures> serde() {
    return StateSerde.of(VisitorExposures.class);
  }
}
