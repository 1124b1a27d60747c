package io.leadpipe.devkit.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStackMainTest {

  @Test
  void defaults() {
    assertThat(DevStackMain.parse(new String[0], Map.of())).isEqualTo(DevStack.Settings.defaults());
  }

  @Test
  void flagsWinOverEnvironment() {
    DevStack.Settings s =
        DevStackMain.parse(
            new String[] {"--kafka-port", "19092", "--data-dir", "/tmp/x"},
            Map.of(DevStackMain.KAFKA_PORT_ENV, "29092", DevStackMain.REGISTRY_PORT_ENV, "18081"));
    assertThat(s.kafkaPort()).isEqualTo(19092);
    assertThat(s.registryPort()).isEqualTo(18081);
    assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void unknownOptionIsRejected() {
    assertThatThrownBy(() -> DevStackMain.parse(new String[] {"--nope", "1"}, Map.of()))
        .hasMessageContaining("--nope");
  }
}
