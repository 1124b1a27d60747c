package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class StateCompressionTest {

  static {
    RocksDB.loadLibrary();
  }

  private static Map<String, Object> asStreamsPassesIt(Properties config) {
    Map<String, Object> configs = new HashMap<>();
    config.forEach((k, v) -> configs.put(k.toString(), v));
    return configs;
  }

  @Test
  void recordsAndTheStoresFilesEachGetTheirCodec() {
    Properties config = new Properties();

    StateCompression.apply(config, "LZ4", "Snappy");

    assertThat(config)
        .containsEntry(StreamsConfig.producerPrefix("compression.type"), "lz4")
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateCompression.class);
    StateCompression setter = new StateCompression();
    try (Options options = new Options()) {
      setter.setConfig("profile-state-store", options, asStreamsPassesIt(config));
      assertThat(options.compressionType()).isEqualTo(CompressionType.SNAPPY_COMPRESSION);
      assertThat(options.compressionOptions()).as("no dictionary").isNull();
      setter.close("profile-state-store", options);
    }
  }

  /** zstd's files each get a dictionary trained on a sample of their own values. */
  @Test
  void zstdFilesGetADictionary() {
    Properties config = new Properties();
    StateCompression.apply(
        config, StreamsSettings.DEFAULT_COMPRESSION, StreamsSettings.DEFAULT_STATE_COMPRESSION);
    StateCompression setter = new StateCompression();
    try (Options options = new Options()) {
      setter.setConfig("profile-state-store", options, asStreamsPassesIt(config));

      assertThat(options.compressionType()).isEqualTo(CompressionType.ZSTD_COMPRESSION);
      assertThat(options.compressionOptions().maxDictBytes())
          .isEqualTo(StateCompression.DICTIONARY_BYTES);
      assertThat(options.compressionOptions().zstdMaxTrainBytes())
          .isEqualTo(StateCompression.DICTIONARY_TRAINING_BYTES);
      setter.close("profile-state-store", options);
    }
  }

  @Test
  void kafkasCodecNamesMapToRocksDbs() {
    assertThat(StateCompression.rocksDbType("zstd")).isEqualTo(CompressionType.ZSTD_COMPRESSION);
    assertThat(StateCompression.rocksDbType("gzip")).isEqualTo(CompressionType.ZLIB_COMPRESSION);
    assertThat(StateCompression.rocksDbType("none")).isEqualTo(CompressionType.NO_COMPRESSION);
  }

  @Test
  void anUnknownCodecFailsAtStartNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> StateCompression.apply(new Properties(), "brotli", "zstd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("compression: ")
        .hasMessageContaining("none, snappy, lz4, zstd or gzip");
    assertThatThrownBy(() -> StateCompression.apply(new Properties(), "lz4", "brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("state-compression: ");
  }
}
