package io.leadpipe.devkit.stack;

import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local development stack: one persistent KRaft broker, the dev schema registry storing its
 * schemas in Kafka ({@code _schemas}), and the catalogue topics. Closing it stops both cleanly.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_REGISTRY_PORT = 8081;

  /** 0: the controller listener is internal; a static quorum lets it change between runs. */
  public static final int DEFAULT_CONTROLLER_PORT = EmbeddedKafkaBroker.ANY_FREE_PORT;

  /** Relative to the working directory, next to the repo's other local state. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".local-data", "kafka");

  /** Where and how to run; ports of 0 pick a free port. */
  public record Settings(int kafkaPort, int controllerPort, int registryPort, Path dataDir) {
    public Settings {
      Objects.requireNonNull(dataDir, "dataDir");
    }

    public static Settings defaults() {
      return new Settings(
          DEFAULT_KAFKA_PORT, DEFAULT_CONTROLLER_PORT, DEFAULT_REGISTRY_PORT, DEFAULT_DATA_DIR);
    }
  }

  private final EmbeddedKafkaBroker broker;
  private final DevSchemaRegistry registry;

  private DevStack(EmbeddedKafkaBroker broker, DevSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts broker (formatting the data dir on first use), catalogue topics, then the registry. */
  public static DevStack start(Settings settings) {
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .dataDir(settings.dataDir())
            .port(settings.kafkaPort())
            .controllerPort(settings.controllerPort())
            .createCatalogueTopics(true)
            .build()
            .start();
    try {
      DevSchemaRegistry registry =
          DevSchemaRegistry.start(
              DevSchemaRegistryConfig.onKafka(broker.bootstrapServers(), settings.registryPort()));
      return new DevStack(broker, registry);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  public Path dataDir() {
    return broker.dataDir();
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /** Registry first: it is a client of the broker and would otherwise log reconnect errors. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
      LOG.info("Dev stack stopped");
    }
  }
}
