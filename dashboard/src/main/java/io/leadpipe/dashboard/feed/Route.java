package io.leadpipe.dashboard.feed;

import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One topic the feed reads: how its values are decoded, what is done with each, and where reading
 * starts.
 *
 * @param fromBeginning true to replay the whole topic (state such as segment memberships), false to
 *     start {@code lookback} ago (counts)
 */
record Route<V>(String topic, Deserializer<V> values, Consumer<V> handler, boolean fromBeginning) {

  void handle(byte[] value) {
    V decoded = values.deserialize(topic, value);
    if (decoded != null) {
      handler.accept(decoded);
    }
  }
}
