package io.leadpipe.devkit.test;

import io.leadpipe.devkit.kafka.DataDirectories;
import io.leadpipe.devkit.kafka.KafkaCluster;
import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.avro.specific.SpecificData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-node KRaft cluster in child JVMs ({@link KafkaCluster}: replication factor 3, min ISR 2)
 * and the dev registry (in this JVM, storing schemas on the cluster), in a temporary directory
 * removed on close. Tests get it with {@link WithKafkaCluster} on their class; one per test JVM.
 */
public final class ClusterKafkaTestEnvironment extends KafkaTestEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterKafkaTestEnvironment.class);

  /** Confluent's subject naming (TopicNameStrategy), as the serdes use it. */
  private static final String VALUE_SUBJECT_SUFFIX = "-value";

  private final Path dataDir;
  private final KafkaCluster cluster;
  private DevSchemaRegistry registry;
  private int registryPort = DevSchemaRegistryConfig.ANY_FREE_PORT;

  ClusterKafkaTestEnvironment() {
    try {
      dataDir = Files.createTempDirectory("leadpipe-test-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long t0 = System.nanoTime();
    KafkaCluster started = null;
    try {
      started = KafkaCluster.start(dataDir, Optional.empty());
      cluster = started;
      startSchemaRegistry();
      registerCatalogueSchemas();
    } catch (RuntimeException e) {
      stopSchemaRegistry();
      if (started != null) {
        started.close();
      }
      DataDirectories.delete(dataDir);
      throw e;
    }
    LOG.info(
        "Test Kafka cluster {} + registry {} ready in {} ms",
        cluster.bootstrapServers(),
        schemaRegistryUrl(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Registers the value schema of every catalogue topic once, up front. A registration is a write
   * to {@code _schemas} acknowledged by two replicas; on a busy test machine that can outlast a
   * client's registry timeout, and a Streams application registering its first output mid-run would
   * then pause for a registry outage (RegistryOutageIT tests that on purpose) instead of showing
   * the fault under test.
   */
  private void registerCatalogueSchemas() {
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(registryConfig());
    for (Topic<?> topic : Topics.all()) {
      client.register(
          topic.name() + VALUE_SUBJECT_SUFFIX,
          SpecificData.get().getSchema(topic.valueType()).toString());
    }
  }

  /** The cluster, to kill and restart its nodes. */
  public KafkaCluster cluster() {
    return cluster;
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return "http://" + DevSchemaRegistryConfig.DEFAULT_HOST + ":" + registryPort;
  }

  @Override
  public String backend() {
    return LeadpipeKafkaExtension.CLUSTER;
  }

  @Override
  public short replicationFactor() {
    return KafkaCluster.REPLICATION_FACTOR;
  }

  /** Stops every node (SIGTERM), one after the other. */
  @Override
  public void stopBroker() {
    for (int node : cluster.nodeIds()) {
      cluster.stop(node);
    }
  }

  /** Starts every stopped node again. */
  @Override
  public void startBroker() {
    for (int node : cluster.nodeIds()) {
      if (!cluster.isRunning(node)) {
        cluster.restart(node);
      }
    }
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
      registry =
          DevSchemaRegistry.start(
              DevSchemaRegistryConfig.onKafka(cluster.bootstrapServers(), registryPort));
      // Keep the first free port so serdes configured earlier still reach the registry.
      registryPort = registry.port();
    }
  }

  @Override
  public synchronized void close() {
    closeAdmin();
    stopSchemaRegistry();
    cluster.close();
    DataDirectories.delete(dataDir);
  }
}
