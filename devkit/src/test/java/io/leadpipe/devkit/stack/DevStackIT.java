package io.leadpipe.devkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import io.leadpipe.devkit.test.WebEvents;
import io.leadpipe.registry.serde.SpecificAvroSerde;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev stack creates the catalogue and keeps topics and schema ids across runs on one data dir.
 */
class DevStackIT {

  @Test
  void secondRunOnTheSameDataDirKeepsTopicsAndSchemaIds(@TempDir Path dir) throws Exception {
    DevStack.Settings settings =
        new DevStack.Settings(
            EmbeddedKafkaBroker.ANY_FREE_PORT,
            EmbeddedKafkaBroker.ANY_FREE_PORT,
            0,
            dir.resolve("kafka"));
    WebEvent event = WebEvents.pageView("v-stack", 1);
    int firstId;
    try (DevStack stack = DevStack.start(settings)) {
      try (Admin admin = stack.broker().createAdmin()) {
        assertThat(admin.listTopics().names().get())
            .containsAll(Topics.all().stream().map(Topic::name).toList());
      }
      firstId = schemaId(stack, event);
    }
    try (DevStack again = DevStack.start(settings)) {
      assertThat(schemaId(again, event)).isEqualTo(firstId);
    }
  }

  private static int schemaId(DevStack stack, WebEvent event) {
    try (SpecificAvroSerde<WebEvent> serde = new SpecificAvroSerde<>()) {
      serde.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
      byte[] framed = serde.serializer().serialize(Topics.WEB_EVENTS.name(), event);
      return ByteBuffer.wrap(framed, 1, Integer.BYTES).getInt();
    }
  }
}
