package io.leadpipe.ingest.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.topics.Topic;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The ingest service on a random port against the devkit broker and registry, with short Kafka
 * timeouts.
 */
public final class IngestApp implements AutoCloseable {

  /** A server source's key: the integration tests post purchases and follower counts with it. */
  public static final String WRITE_KEY = "it-write-key";

  public static final String SOURCE = "it-shop";

  /** A browser source's key: public, so purchases, refunds and follower counts are refused. */
  public static final String BROWSER_WRITE_KEY = "it-browser-write-key";

  public static final String BROWSER_SOURCE = "it-browser-shop";

  private final EmbeddedServer server;
  private final KafkaTestEnvironment env;
  private final IngestClient client;

  private IngestApp(EmbeddedServer server, KafkaTestEnvironment env) {
    this.server = server;
    this.env = env;
    this.client = new IngestClient(server.getURL());
  }

  public static IngestApp start(KafkaTestEnvironment env, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("kafka.bootstrap.servers", env.bootstrapServers());
    props.put("leadpipe.schema-registry.url", env.schemaRegistryUrl());
    props.put("leadpipe.ingest.sources." + SOURCE + ".write-key", WRITE_KEY);
    props.put("leadpipe.ingest.sources." + SOURCE + ".kind", "server");
    props.put("leadpipe.ingest.sources." + BROWSER_SOURCE + ".write-key", BROWSER_WRITE_KEY);
    props.put("leadpipe.survey.signing-key", "survey-key-of-the-ingest-tests");
    props.put("leadpipe.ingest.rate-limit.enabled", false);
    props.put("leadpipe.ingest.producer.delivery-timeout", "3s");
    props.put("leadpipe.ingest.producer.request-timeout", "1s");
    props.put("leadpipe.ingest.producer.max-block", "1s");
    props.put("leadpipe.ingest.producer.retry-after", "2s");
    props.put("leadpipe.ingest.producer.close-timeout", "1s");
    props.put("leadpipe.ingest.readiness.kafka-timeout", "1s");
    props.putAll(overrides);
    return new IngestApp(ApplicationContext.run(EmbeddedServer.class, props), env);
  }

  public IngestClient client() {
    return client;
  }

  public EmbeddedServer server() {
    return server;
  }

  public <V extends SpecificRecord> Deserializer<V> deserializer(Topic<V> topic) {
    return topic.valueSerde(env.registryConfig()).deserializer();
  }

  public static Deserializer<String> keys() {
    return new StringDeserializer();
  }

  @Override
  public void close() {
    server.close();
  }
}
