package io.leadpipe.benchmarks.jmh;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer batch of published profiles built and compressed as the Streams producer does it on
 * the stream thread, per codec of {@code leadpipe.*.streams.compression} and per batch size. A
 * service at a few hundred events per second sends many small batches (one to a few records per
 * changelog or output partition and commit), so the codec's fixed cost per batch counts as much as
 * its speed: run with {@code -prof gc} to see the bytes each batch allocates. The records are one
 * shopper's published profile (Avro, Confluent framing) under different visitor ids and revisions,
 * so a batch of several has the likeness of real ones and no more.
 *
 * <p>Run: {@code bin/run-benchmarks jmh [JMH options] ProducerBatchCompression}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProducerBatchCompression {

  /** The producer's {@code batch.size} default: its buffer pool hands out buffers this large. */
  private static final int BATCH_BUFFER_BYTES = 16_384;

  @Param({"none", "lz4", "snappy", "zstd"})
  public String codec;

  @Param({"1", "8"})
  public int records;

  private Compression compression;
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private ByteBuffer buffer;
  private long timestamp;

  @Setup
  public void setUp() {
    compression = Compression.of(CompressionType.forName(codec)).build();
    HotPathBenchmarks fixtures = new HotPathBenchmarks();
    fixtures.setUp();
    ProspectProfile shopper = HotPathBenchmarks.publishedShopper(fixtures.activeShopper());
    try (Serde<ProspectProfile> serde =
        Topics.PROSPECT_PROFILES.valueSerde(Map.of("schema.registry.url", "mock://jmh"))) {
      for (int i = 0; i < records; i++) {
        String visitor = "anon-" + (1_234_567_890L + i * 7_919L);
        ProspectProfile profile =
            ProspectProfile.newBuilder(shopper)
                .setVisitorId(visitor)
                .setAnonymousIds(List.of(visitor))
                .setRevision(shopper.getRevision() + i)
                .build();
        keys.add(visitor.getBytes(StandardCharsets.UTF_8));
        values.add(serde.serializer().serialize(Topics.PROSPECT_PROFILES.name(), profile));
      }
    }
    fixtures.tearDown();
    // The producer's buffers come from its pool and are reused; only the codec's own allocate.
    buffer = ByteBuffer.allocate(BATCH_BUFFER_BYTES);
    timestamp = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
  }

  /** The batch's bytes as sent: its size shows what the codec saves on the wire and in the log. */
  @Benchmark
  public int buildAndCompressBatch() {
    buffer.clear();
    MemoryRecordsBuilder batch =
        MemoryRecords.builder(
            buffer, RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.CREATE_TIME, 0L);
    for (int i = 0; i < records; i++) {
      batch.append(timestamp, keys.get(i), values.get(i));
    }
    return batch.build().sizeInBytes();
  }
}
