package io.leadpipe.registry.serde;

import io.leadpipe.registry.client.RegisteredSchema;
import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.client.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in Confluent's wire format, registering the record's
 * schema under {@code <topic>-value}/{@code <topic>-key} (auto.register.schemas, default true), or
 * looking its id up, or using the subject's latest version (use.latest.version).
 */
public class AvroSerializer<T> implements Serializer<T> {
  private SchemaRegistryClient client;
  private boolean isKey;
  private boolean autoRegister = AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
  private boolean useLatest = AvroSerdeConfig.USE_LATEST_VERSION_DEFAULT;

  /**
   * Schema ids per subject and record schema. Without it every record paid for {@code
   * Schema.toString()} and hashing the schema text for the client's cache: a third of
   * scoring-stream's CPU (JFR, benchmarks). Generated classes share one {@link Schema} instance,
   * whose hash Avro caches, so a hit is cheap.
   */
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();

  /** Writers per schema (specific and generic apart): building one per record was pure waste. */
  private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();

  private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

  public AvroSerializer() {}

  /**
   * With a ready client (tests, or a client shared by several serdes); still call configure for
   * flags.
   */
  public AvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister =
        flag(
            configs,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT);
    this.useLatest =
        flag(
            configs,
            AvroSerdeConfig.USE_LATEST_VERSION,
            AvroSerdeConfig.USE_LATEST_VERSION_DEFAULT);
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
    }
  }

  static boolean flag(Map<String, ?> configs, String key, boolean defaultValue) {
    Object value = configs.get(key);
    return value == null ? defaultValue : Boolean.parseBoolean(value.toString());
  }

  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = schemaOf(data);
    String subject = subject(topic, isKey);
    int id;
    try {
      id =
          useLatest
              ? latestId(subject, schema)
              : ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                  .computeIfAbsent(schema, s -> idOf(subject, s));
    } catch (SchemaRegistryException e) {
      if (e.isTransient()) {
        throw new SchemaRegistryUnavailableException(
            "Schema registry unavailable: cannot get a schema id for subject "
                + subject
                + " (topic "
                + topic
                + "): "
                + e.getMessage(),
            e);
      }
      throw new SerializationException(
          "Cannot get a schema id for subject "
              + subject
              + " (topic "
              + topic
              + "): "
              + e.getMessage(),
          e);
    }
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      out.write(WireFormat.MAGIC_BYTE);
      out.write(ByteBuffer.allocate(WireFormat.ID_SIZE).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writerFor(data, schema).write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot write Avro data for topic " + topic + " with schema id " + id, e);
    }
  }

  private int idOf(String subject, Schema schema) {
    return autoRegister
        ? client.register(subject, schema.toString())
        : client.lookup(subject, schema.toString()).id();
  }

  /**
   * Asked every time: the latest version can change while we run (the client decides how long it
   * caches).
   */
  private int latestId(String subject, Schema schema) {
    RegisteredSchema latest = client.getLatest(subject);
    // The bytes must match the id's schema: refuse rather than label data with a schema it was not
    // written in.
    if (!new Schema.Parser().parse(latest.schema()).equals(schema)) {
      throw new SerializationException(
          "Record schema "
              + schema.getFullName()
              + " differs from the latest version "
              + latest.version()
              + " (id "
              + latest.id()
              + ") of subject "
              + subject
              + " (topic "
              + topic(subject)
              + ")");
    }
    return latest.id();
  }

  private static String topic(String subject) {
    return subject.substring(0, subject.lastIndexOf('-'));
  }

  private static Schema schemaOf(Object data) {
    if (data instanceof GenericContainer container) {
      return container.getSchema();
    }
    // Primitives (string keys, longs...) are written with their Avro primitive schema.
    return GenericData.get().induce(data);
  }

  /** Datum writers keep no state between writes, so one per schema serves every thread. */
  private DatumWriter<Object> writerFor(Object data, Schema schema) {
    return data instanceof SpecificRecord
        ? specificWriters.computeIfAbsent(
            schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)))
        : genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
  }

  @Override
  public void close() {}
}
