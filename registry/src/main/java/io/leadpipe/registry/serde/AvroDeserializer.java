package io.leadpipe.registry.serde;

import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.client.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: fetches the writer's schema by id (cached) and resolves it to the
 * reader schema, so a reader on a newer compatible schema decodes older records. The reader schema
 * is the one given to the constructor, else (specific.avro.reader) the generated class's schema,
 * else the writer's schema (generic).
 */
public class AvroDeserializer<T> implements Deserializer<T> {
  private SchemaRegistryClient client;
  private final Schema fixedReaderSchema;
  private boolean specific = AvroSerdeConfig.SPECIFIC_AVRO_READER_DEFAULT;

  /**
   * Readers per writer id: building a resolving reader is costly, doing it per record is wasteful.
   */
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  public AvroDeserializer() {
    this(null, null);
  }

  public AvroDeserializer(SchemaRegistryClient client) {
    this(client, null);
  }

  /**
   * @param readerSchema the schema to decode into whatever the writer's schema was; null = see
   *     class comment
   */
  public AvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
    this.client = client;
    this.fixedReaderSchema = readerSchema;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    specific = AvroSerializer.flag(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, specific);
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
    }
  }

  /**
   * Forces specific records (true, SpecificAvroSerde) or generic ones (false, GenericAvroSerde).
   */
  void useSpecificReader(boolean specificReader) {
    specific = specificReader;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new SerializationException(
          "Record on topic "
              + topic
              + " is too short for the Confluent wire format: "
              + data.length
              + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    byte magic = buffer.get();
    if (magic != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          "Unknown magic byte "
              + magic
              + " in record on topic "
              + topic
              + " (not written by a Confluent-format Avro serializer)");
    }
    int id = buffer.getInt();
    DatumReader<T> reader;
    try {
      reader = readers.computeIfAbsent(id, this::readerFor);
    } catch (SchemaRegistryException.SchemaNotFoundException e) {
      // The registry answered and has no such id: the bytes name a schema that does not exist.
      throw new SerializationException(
          "Unknown writer schema id " + id + " in record on topic " + topic + ": " + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      // Anything else (unreachable, 5xx, refused) says nothing about the record: retry it later.
      throw new SchemaRegistryUnavailableException(
          "Schema registry unavailable: cannot get the writer schema id "
              + id
              + " for topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
      return reader.read(null, decoder);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "Cannot read Avro data on topic "
              + topic
              + " with schema id "
              + id
              + " (truncated or corrupt)",
          e);
    }
  }

  private DatumReader<T> readerFor(int id) {
    Schema writer = new Schema.Parser().parse(client.getById(id));
    if (fixedReaderSchema != null) {
      return specific
          ? new SpecificDatumReader<>(writer, fixedReaderSchema)
          : new GenericDatumReader<>(writer, fixedReaderSchema);
    }
    if (specific && writer.getType() == Schema.Type.RECORD) {
      Class<?> generated = SpecificData.get().getClass(writer);
      if (generated != null) {
        Schema reader = SpecificData.get().getSchema(generated);
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(generated));
      }
      throw new SerializationException(
          "No generated class " + writer.getFullName() + " for schema id " + id);
    }
    return new GenericDatumReader<>(writer);
  }

  @Override
  public void close() {}
}
