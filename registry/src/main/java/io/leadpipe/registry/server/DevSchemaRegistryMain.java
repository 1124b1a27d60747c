package io.leadpipe.registry.server;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dev registry until the JVM is stopped. Arguments: {@code [port] [bootstrapServers]};
 * otherwise env {@code SCHEMA_REGISTRY_PORT} (default 8081, Confluent's) and {@code
 * KAFKA_BOOTSTRAP_SERVERS} (absent = in memory).
 */
public final class DevSchemaRegistryMain {
  private static final Logger LOG = LoggerFactory.getLogger(DevSchemaRegistryMain.class);
  public static final String PORT_ENV = "SCHEMA_REGISTRY_PORT";
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String HOST_ENV = "SCHEMA_REGISTRY_HOST";

  /** Confluent Schema Registry's usual port, so default client configs work. */
  public static final int DEFAULT_PORT = 8081;

  private DevSchemaRegistryMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port =
        args.length > 0
            ? Integer.parseInt(args[0])
            : System.getenv(PORT_ENV) != null
                ? Integer.parseInt(System.getenv(PORT_ENV))
                : DEFAULT_PORT;
    String bootstrap = args.length > 1 ? args[1] : System.getenv(BOOTSTRAP_ENV);
    String host = System.getenv(HOST_ENV);
    DevSchemaRegistry registry =
        DevSchemaRegistry.start(
            new DevSchemaRegistryConfig(
                host,
                port,
                bootstrap == null || bootstrap.isBlank() ? null : bootstrap,
                DevSchemaRegistryConfig.DEFAULT_TOPIC));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.close();
                  stopped.countDown();
                },
                "dev-schema-registry-shutdown"));
    LOG.info("Dev schema registry ready at {}", registry.url());
    stopped.await();
  }
}
