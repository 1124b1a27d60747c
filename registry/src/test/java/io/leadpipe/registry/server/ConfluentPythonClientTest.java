package io.leadpipe.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.registry.serde.AvroSerdeConfig;
import io.leadpipe.registry.serde.SpecificAvroSerde;
import io.leadpipe.registry.testdata.Lead;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confluent's own Python client (Debian's python3-confluent-kafka) against the dev registry: the
 * proof that the REST API and the wire format are faithful. Skipped only when that module is
 * absent.
 */
class ConfluentPythonClientTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final long PROCESS_TIMEOUT_SECONDS = 60;
  private DevSchemaRegistry registry;

  @BeforeEach
  void start() {
    registry = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private static boolean confluentPythonAvailable() {
    try {
      Process probe =
          new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro")
              .redirectErrorStream(true)
              .start();
      return probe.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void confluentsPythonClientWorksUnchanged() throws Exception {
    // Same rule as devkit's RequiredTools (registry cannot depend on devkit): strict under
    // bin/run-tests.
    if (!confluentPythonAvailable() && Boolean.getBoolean("leadpipe.tests.require-tools")) {
      throw new AssertionError(
          "Debian's python3-confluent-kafka is not installed (bin/install-prerequisites)");
    }
    assumeTrue(confluentPythonAvailable(), "python3 module confluent_kafka.avro not installed");
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
    byte[] fromJava = serde.serializer().serialize("leads", new Lead("from@java", 4));

    JsonNode out = runScript(registry.url(), HexFormat.of().formatHex(fromJava));

    int id = out.get("registered_id").asInt();
    assertThat(out.get("by_id_matches").asBoolean()).isTrue();
    assertThat(out.get("latest").get("id").asInt()).isEqualTo(id);
    assertThat(out.get("latest").get("version").asInt()).isEqualTo(1);
    assertThat(out.get("latest").get("matches").asBoolean()).isTrue();
    assertThat(out.get("compatible_v2").asBoolean()).isTrue();
    assertThat(out.get("compatible_required").asBoolean()).isFalse();
    assertThat(out.get("global_level").asText()).isEqualTo("BACKWARD");
    assertThat(out.get("subject_level").asText()).isEqualTo("FULL");
    assertThat(out.get("decoded_from_java").get("email").asText()).isEqualTo("from@java");
    assertThat(out.get("decoded_from_java").get("score").asInt()).isEqualTo(4);
    Lead fromPython =
        serde
            .deserializer()
            .deserialize("leads", HexFormat.of().parseHex(out.get("encoded_hex").asText()));
    assertThat(fromPython.email()).isEqualTo("from@python");
    assertThat(fromPython.score()).isEqualTo(9);
    // Same schema text from both clients: one global id.
    assertThat(registry.store().getLatest("leads-value").id()).isEqualTo(id);
  }

  private static JsonNode runScript(String url, String hex)
      throws IOException, InterruptedException, URISyntaxException {
    Path script =
        Path.of(
            ConfluentPythonClientTest.class
                .getResource("/python/confluent_client_check.py")
                .toURI());
    Process process = new ProcessBuilder(List.of(PYTHON, script.toString(), url, hex)).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("python stderr: %s", stderr).isZero();
    return new ObjectMapper().readTree(stdout);
  }
}
