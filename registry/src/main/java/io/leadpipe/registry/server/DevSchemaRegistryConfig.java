package io.leadpipe.registry.server;

/**
 * Where the dev registry listens and where it keeps its state.
 *
 * @param port 0 = pick a free port
 * @param bootstrapServers Kafka to persist in; null = in memory only
 * @param topic the compacted topic holding the state, Confluent's {@code _schemas} by default
 */
public record DevSchemaRegistryConfig(
    String host, int port, String bootstrapServers, String topic) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_TOPIC = "_schemas";

  /** Any free port: tests and parallel local stacks must not collide. */
  public static final int ANY_FREE_PORT = 0;

  public DevSchemaRegistryConfig {
    host = host == null ? DEFAULT_HOST : host;
    topic = topic == null ? DEFAULT_TOPIC : topic;
  }

  public static DevSchemaRegistryConfig inMemory() {
    return new DevSchemaRegistryConfig(DEFAULT_HOST, ANY_FREE_PORT, null, DEFAULT_TOPIC);
  }

  public static DevSchemaRegistryConfig onKafka(String bootstrapServers, int port) {
    return new DevSchemaRegistryConfig(DEFAULT_HOST, port, bootstrapServers, DEFAULT_TOPIC);
  }
}
