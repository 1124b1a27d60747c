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

  @Test
  void oneCodecForTheStoresFilesAndForWhatStreamsProduces() {
    Properties config = new Properties();

    StateCompression.apply(config, "LZ4");

    assertThat(config)
        .containsEntry(StreamsConfig.producerPrefix("compression.type"), "lz4")
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateCompression.class);
    Map<String, Object> asStreamsPassesIt = new HashMap<>();
    config.forEach((k, v) -> asStreamsPassesIt.put(k.toString(), v));
    try (Options options = new Options()) {
      new StateCompression().setConfig("profile-state-store", options, asStreamsPassesIt);
      assertThat(options.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
    }
  }

  @Test
  void kafkasCodecNamesMapToRocksDbs() {
    assertThat(StateCompression.rocksDbType("zstd")).isEqualTo(CompressionType.ZSTD_COMPRESSION);
    assertThat(StateCompression.rocksDbType("gzip")).isEqualTo(CompressionType.ZLIB_COMPRESSION);
    assertThat(StateCompression.rocksDbType("none")).isEqualTo(CompressionType.NO_COMPRESSION);
  }

  @Test
  void anUnknownCodecFailsAtStartWithTheChoices() {
    assertThatThrownBy(() -> StateCompression.apply(new Properties(), "brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none, snappy, lz4, zstd or gzip");
  }
}
