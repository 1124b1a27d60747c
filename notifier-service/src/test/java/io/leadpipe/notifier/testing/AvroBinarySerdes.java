package io.leadpipe.notifier.testing;

import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.schemas.topics.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Plain Avro binary serdes (no registry), so topology tests depend only on the contract's classes.
 */
public final class AvroBinarySerdes implements ValueSerdes {

  @Override
  public <V extends SpecificRecord> Serde<V> forTopic(Topic<V> topic) {
    var schema = SpecificData.get().getSchema(topic.valueType());
    SpecificDatumWriter<V> writer = new SpecificDatumWriter<>(schema);
    SpecificDatumReader<V> reader = new SpecificDatumReader<>(schema);
    return Serdes.serdeFrom(
        (t, v) -> {
          if (v == null) {
            return null;
          }
          try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(v, enc);
            enc.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        (t, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
