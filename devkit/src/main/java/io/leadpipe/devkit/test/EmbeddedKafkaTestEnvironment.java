package io.leadpipe.devkit.test;

import io.leadpipe.devkit.kafka.DataDirectories;
import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process KRaft broker + dev registry on Kafka, in a temporary directory removed on close. */
final class EmbeddedKafkaTestEnvironment extends KafkaTestEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaTestEnvironment.class);

  private final Path dataDir;
  private final EmbeddedKafkaBroker broker;
  private DevSchemaRegistry registry;
  private int registryPort = DevSchemaRegistryConfig.ANY_FREE_PORT;

  EmbeddedKafkaTestEnvironment() {
    try {
      dataDir = Files.createTempDirectory("leadpipe-test-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long t0 = System.nanoTime();
    broker =
        EmbeddedKafkaBroker.builder().dataDir(dataDir).createCatalogueTopics(true).build().start();
    startRegistry();
    LOG.info(
        "Test Kafka {} + registry {} ready in {} ms",
        broker.bootstrapServers(),
        schemaRegistryUrl(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  private void startRegistry() {
    registry =
        DevSchemaRegistry.start(
            DevSchemaRegistryConfig.onKafka(broker.bootstrapServers(), registryPort));
    // Keep the first free port so serdes configured earlier still reach the registry.
    registryPort = registry.port();
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    // Same host and port whether the registry is running or stopped for an outage test.
    return "http://" + DevSchemaRegistryConfig.DEFAULT_HOST + ":" + registryPort;
  }

  @Override
  public String backend() {
    return "embedded";
  }

  @Override
  public Optional<EmbeddedKafkaBroker> embeddedBroker() {
    return Optional.of(broker);
  }

  @Override
  public void stopBroker() {
    broker.stop();
  }

  @Override
  public void startBroker() {
    broker.start();
  }

  @Override
  public synchronized void restartSchemaRegistry() {
    stopSchemaRegistry();
    startSchemaRegistry();
  }

  @Override
  public synchronized void stopSchemaRegistry() {
    if (registry != null) {
      registry.close();
      registry = null;
    }
  }

  @Override
  public synchronized void startSchemaRegistry() {
    if (registry == null) {
      startRegistry();
    }
  }

  @Override
  public synchronized void close() {
    closeAdmin();
    stopSchemaRegistry();
    broker.close();
    DataDirectories.delete(dataDir);
  }
}
