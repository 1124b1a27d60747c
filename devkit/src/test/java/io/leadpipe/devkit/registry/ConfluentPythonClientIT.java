package io.leadpipe.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.devkit.test.RequiredTools;
import io.leadpipe.devkit.test.WebEvents;
import io.leadpipe.registry.serde.SpecificAvroSerde;
import io.leadpipe.schemas.web.WebEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confluent's own Python client ({@code confluent_kafka.avro.AvroConsumer}) decodes what our
 * serializer wrote, looking schemas up in our dev registry: wire and REST compatibility end to end.
 * Needs Debian's python3-confluent-kafka / python3-avro (see RequiredTools).
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ConfluentPythonClientIT {

  private static final String PYTHON = "/usr/bin/python3";
  private static final int RECORDS = 3;
  private static final int CONSUME_TIMEOUT_S = 30;

  /** Python start + import + group join; generous so a slow CI box does not flake. */
  private static final long PROCESS_TIMEOUT_S = 60;

  @Test
  void confluentAvroConsumerDecodesOurRecords(KafkaTestEnvironment env, @TempDir Path tmp)
      throws Exception {
    RequiredTools.require(
        pythonHasConfluentAvro(), "Debian's python3-confluent-kafka + python3-avro");
    String topic = env.createUniqueTopic("python", 1);
    List<WebEvent> events =
        IntStream.range(0, RECORDS).mapToObj(i -> WebEvents.pageView("v-py", i)).toList();
    try (SpecificAvroSerde<WebEvent> serde = SchemaIdStabilityIT.serde(env);
        KafkaProducer<String, WebEvent> producer =
            env.producer(new StringSerializer(), serde.serializer())) {
      // Null keys: AvroConsumer would try to Avro-decode a plain string key.
      for (WebEvent e : events) {
        producer.send(new ProducerRecord<>(topic, null, e)).get();
      }
    }

    Path script = tmp.resolve("avro_consume.py");
    try (InputStream in = getClass().getResourceAsStream("/python/avro_consume.py")) {
      Files.copy(in, script);
    }
    Path out = tmp.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                PYTHON,
                script.toString(),
                env.bootstrapServers(),
                env.schemaRegistryUrl(),
                topic,
                String.valueOf(RECORDS),
                String.valueOf(CONSUME_TIMEOUT_S))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)).as("python finished").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output.lines().filter(l -> l.contains("\t")).map(l -> l.split("\t")[1]).toList())
        .containsExactlyElementsOf(events.stream().map(e -> e.getMessageId().toString()).toList());
    assertThat(output).contains("PAGE_VIEW");
  }

  private static boolean pythonHasConfluentAvro() throws Exception {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    Process p =
        new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro, avro, requests")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
