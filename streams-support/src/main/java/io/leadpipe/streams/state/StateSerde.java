package io.leadpipe.streams.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serde of internal state stores and repartition topics (never the public contract, which is
 * Avro). Values are written as Smile, Jackson's binary JSON: the same data model and annotations as
 * JSON, but about half the bytes and cheaper to write and parse — state size and serde time are
 * what a million visitors multiply (docs/benchmarks.md). State written as JSON text by earlier
 * versions is still read: Smile data starts with its ":)\n" header, JSON with '{' or '['. Unknown
 * fields are ignored so the state can gain fields across a rolling upgrade; nulls are left out
 * (empty values are kept: records may require them); times are epoch millis.
 */
public final class StateSerde {

  /** The first three bytes of every Smile document (the fourth holds its version and flags). */
  private static final byte[] SMILE_HEADER = {':', ')', '\n'};

  private static final ObjectMapper SMILE = configure(new SmileMapper());
  private static final ObjectMapper JSON = configure(new ObjectMapper());

  private StateSerde() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
        .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static <T> Serde<T> of(Class<T> type) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            return SMILE.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " state", e);
          }
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return (isSmile(bytes) ? SMILE : JSON).readValue(bytes, type);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + " state", e);
          }
        });
  }

  /** Whether the bytes are Smile (not JSON text): what the apps' state tests check was written. */
  public static boolean isSmile(byte[] bytes) {
    return bytes.length >= SMILE_HEADER.length
        && bytes[0] == SMILE_HEADER[0]
        && bytes[1] == SMILE_HEADER[1]
        && bytes[2] == SMILE_HEADER[2];
  }
}
