package io.leadpipe.streams.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * One compression codec for all state: the RocksDB files of every store and the records Streams
 * produces (changelogs, repartition topics, output). Kafka Streams leaves both uncompressed by
 * default; profile state is Smile whose field names repeat from record to record, so a block codec
 * keeps state on disk several times smaller for little CPU (docs/benchmarks.md).
 */
public final class StateCompression implements RocksDBConfigSetter {

  /** Read by {@link #setConfig} from the Streams configuration, where {@link #apply} puts it. */
  public static final String CODEC_CONFIG = "leadpipe.state.compression";

  /**
   * Sets the codec ({@code none}, {@code snappy}, {@code lz4}, {@code zstd}, {@code gzip}) for
   * stores and producers.
   */
  public static void apply(Properties streamsConfig, String codec) {
    String name = codec.toLowerCase(Locale.ROOT);
    rocksDbType(name);
    streamsConfig.put(CODEC_CONFIG, name);
    streamsConfig.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateCompression.class);
    streamsConfig.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), name);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object codec = configs.get(CODEC_CONFIG);
    if (codec != null) {
      options.setCompressionType(rocksDbType(codec.toString()));
    }
  }

  @Override
  public void close(String storeName, Options options) {
    // Nothing was allocated: the codec is an enum on the options Streams owns.
  }

  /** Kafka's codec names mapped to RocksDB's; both libraries ship all of them. */
  static CompressionType rocksDbType(String codec) {
    return switch (codec) {
      case "none" -> CompressionType.NO_COMPRESSION;
      case "snappy" -> CompressionType.SNAPPY_COMPRESSION;
      case "lz4" -> CompressionType.LZ4_COMPRESSION;
      case "zstd" -> CompressionType.ZSTD_COMPRESSION;
      case "gzip" -> CompressionType.ZLIB_COMPRESSION;
      default ->
          throw new IllegalArgumentException(
              "Unknown state compression '" + codec + "': use none, snappy, lz4, zstd or gzip");
    };
  }
}
