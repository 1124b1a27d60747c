package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.streams.state.StateSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The prospect index's value serde. A published profile puts the same summary once per sort, so the
 * serializer remembers the last summary it wrote (per thread, by identity: the record is immutable)
 * and gives its bytes again instead of encoding it once per sort.
 */
public final class IndexSummarySerde implements Serde<ProspectSummary> {

  private record Written(ProspectSummary summary, byte[] bytes) {}

  private final Serde<ProspectSummary> encoding = StateSerde.of(ProspectSummary.class);
  private final ThreadLocal<Written> last = new ThreadLocal<>();

  @Override
  public Serializer<ProspectSummary> serializer() {
    return (topic, summary) -> {
      if (summary == null) {
        return null;
      }
      Written previous = last.get();
      if (previous != null && previous.summary() == summary) {
        return previous.bytes();
      }
      byte[] bytes = encoding.serializer().serialize(topic, summary);
      last.set(new Written(summary, bytes));
      return bytes;
    };
  }

  @Override
  public Deserializer<ProspectSummary> deserializer() {
    return encoding.deserializer();
  }
}
