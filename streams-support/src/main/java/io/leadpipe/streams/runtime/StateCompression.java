package io.leadpipe.streams.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * The codecs of an application's state stores' RocksDB files and of the records Streams produces
 * (changelogs, repartition topics, output). Kafka Streams leaves both uncompressed by default.
 *
 * <p>The two are set apart because they are paid for in different places: a producer compresses its
 * batches on the stream thread, so records keep a cheap codec (snappy); RocksDB compresses in its
 * background flushes and compactions, and keeps uncompressed blocks in its block cache, so the
 * files can afford zstd. With zstd each file also gets a dictionary trained on its own values: a
 * store's values are small and alike (a visitor's state, a published profile), so a 4 KiB block
 * alone holds too little for the codec to find their common parts. zstd with a dictionary halves
 * the files against lz4 (docs/benchmarks.md).
 */
public final class StateCompression implements RocksDBConfigSetter {

  /** Read by {@link #setConfig} from the Streams configuration, where {@link #apply} puts it. */
  public static final String CODEC_CONFIG = "leadpipe.state.compression";

  /** The dictionary size RocksDB's documentation recommends for zstd (16 KiB). */
  static final int DICTIONARY_BYTES = 16 * 1024;

  /** Sample of a file's values the dictionary is trained on: RocksDB's advice, 100 × its size. */
  static final int DICTIONARY_TRAINING_BYTES = 100 * DICTIONARY_BYTES;

  private CompressionOptions dictionary;

  /**
   * Sets the codec of the produced records and of the stores' files ({@code none}, {@code snappy},
   * {@code lz4}, {@code zstd}, {@code gzip}).
   *
   * @throws IllegalArgumentException naming the setting, for a codec neither library has
   */
  public static void apply(Properties streamsConfig, String recordCodec, String stateCodec) {
    String records = codec(recordCodec, "compression");
    String state = codec(stateCodec, "state-compression");
    streamsConfig.put(CODEC_CONFIG, state);
    streamsConfig.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateCompression.class);
    streamsConfig.put(
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), records);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object codec = configs.get(CODEC_CONFIG);
    if (codec == null) {
      return;
    }
    CompressionType type = rocksDbType(codec.toString());
    options.setCompressionType(type);
    if (type == CompressionType.ZSTD_COMPRESSION) {
      dictionary =
          new CompressionOptions()
              .setMaxDictBytes(DICTIONARY_BYTES)
              .setZStdMaxTrainBytes(DICTIONARY_TRAINING_BYTES);
      options.setCompressionOptions(dictionary);
    }
  }

  @Override
  public void close(String storeName, Options options) {
    // Streams makes one setter per store and calls this when the store closes.
    if (dictionary != null) {
      dictionary.close();
      dictionary = null;
    }
  }

  private static String codec(String codec, String setting) {
    String name = codec.toLowerCase(Locale.ROOT);
    try {
      rocksDbType(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
    }
    return name;
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
              "unknown compression '" + codec + "': use none, snappy, lz4, zstd or gzip");
    };
  }
}
