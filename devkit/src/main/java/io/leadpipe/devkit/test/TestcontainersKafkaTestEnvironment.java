package io.leadpipe.devkit.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** apache/kafka (KRaft) + Confluent's schema registry in Docker, on one network. */
final class TestcontainersKafkaTestEnvironment extends KafkaTestEnvironment {

  public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
  public static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.1.0";
  private static final String KAFKA_ALIAS = "kafka";

  /** Extra listener the registry container uses inside the network. */
  private static final String INTERNAL_LISTENER = KAFKA_ALIAS + ":19092";

  private static final int REGISTRY_PORT = 8081;

  private final Network network;
  private final KafkaContainer kafka;
  private GenericContainer<?> registry;

  TestcontainersKafkaTestEnvironment() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "leadpipe.test.kafka=testcontainers needs a Docker engine, and none is "
              + "reachable. Start Docker, or run with -Dleadpipe.test.kafka=embedded (the default).");
    }
    network = Network.newNetwork();
    kafka =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(KAFKA_ALIAS)
            .withListener(INTERNAL_LISTENER);
    kafka.start();
    registry = newRegistry();
    registry.start();
  }

  private GenericContainer<?> newRegistry() {
    return new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
        .withNetwork(network)
        .withExposedPorts(REGISTRY_PORT)
        .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
        .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
        .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + INTERNAL_LISTENER)
        .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT);
  }

  @Override
  public String backend() {
    return "testcontainers";
  }

  @Override
  public void stopBroker() {
    throw unsupported("stopBroker");
  }

  @Override
  public void startBroker() {
    throw unsupported("startBroker");
  }

  @Override
  public void restartBroker() {
    throw unsupported("restartBroker");
  }

  @Override
  public synchronized void restartSchemaRegistry() {
    // A restarted container gets a new mapped port; the URL changes, so callers re-read it.
    registry.stop();
    registry = newRegistry();
    registry.start();
  }

  @Override
  public void stopSchemaRegistry() {
    throw unsupported("stopSchemaRegistry");
  }

  @Override
  public void startSchemaRegistry() {
    throw unsupported("startSchemaRegistry");
  }

  private static UnsupportedOperationException unsupported(String op) {
    return new UnsupportedOperationException(
        op
            + " is not supported with the Testcontainers backend "
            + "(a container restart changes the mapped port); run fault tests with -Dleadpipe.test.kafka=embedded");
  }

  @Override
  public synchronized void close() {
    closeAdmin();
    registry.stop();
    kafka.stop();
    network.close();
  }
}
