package io.leadpipe.dashboard.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.topics.Topic;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The dashboard served by a small Micronaut app on a random port, on the devkit broker and
 * registry, with the fake query API (the real one lives in scoring-stream) and short sampling and
 * push intervals.
 */
public final class DashboardApp implements AutoCloseable {
  private final EmbeddedServer server;
  private final KafkaTestEnvironment env;

  private DashboardApp(EmbeddedServer server, KafkaTestEnvironment env) {
    this.server = server;
    this.env = env;
  }

  public static DashboardApp start(KafkaTestEnvironment env, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("kafka.bootstrap.servers", env.bootstrapServers());
    props.put("leadpipe.schema-registry.url", env.schemaRegistryUrl());
    props.put("leadpipe.dashboard.sample-interval", "300ms");
    props.put("leadpipe.dashboard.push-interval", "300ms");
    props.put("leadpipe.dashboard.lookback", "1h");
    props.put(FakeQueryApi.ENABLED, true);
    // No notifier in these tests: a port nothing listens on, so strategy calls fail fast.
    props.put("leadpipe.dashboard.admin-api.notifier-url", "http://127.0.0.1:9");
    props.putAll(overrides);
    return new DashboardApp(ApplicationContext.run(EmbeddedServer.class, props), env);
  }

  public String url() {
    return server.getURL().toString();
  }

  public FakeAdminApi adminApi() {
    return server.getApplicationContext().getBean(FakeAdminApi.class);
  }

  public FakeQueryApi queryApi() {
    return server.getApplicationContext().getBean(FakeQueryApi.class);
  }

  /**
   * Writes records the way the services do (acks=all), keyed by visitor, and waits for the
   * acknowledgement.
   */
  public <V extends SpecificRecord> void produce(Topic<V> topic, String key, V value) {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            env.producerProps(),
            new StringSerializer(),
            topic.valueSerde(env.registryConfig()).serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not produce to " + topic.name(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
