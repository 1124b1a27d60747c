package io.leadpipe.devkit.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link DevStack} until SIGTERM / Ctrl-C. Never reads stdin, so it runs fine in the
 * background. Options (flags win over environment variables, which win over defaults):
 *
 * <pre>
 *   --kafka-port N       LEADPIPE_KAFKA_PORT        (9092)
 *   --controller-port N  LEADPIPE_CONTROLLER_PORT   (0 = free)
 *   --registry-port N    LEADPIPE_REGISTRY_PORT     (8081)
 *   --data-dir PATH      LEADPIPE_KAFKA_DATA_DIR    (.local-data/kafka)
 * </pre>
 */
public final class DevStackMain {

  public static final String KAFKA_PORT_ENV = "LEADPIPE_KAFKA_PORT";
  public static final String CONTROLLER_PORT_ENV = "LEADPIPE_CONTROLLER_PORT";
  public static final String REGISTRY_PORT_ENV = "LEADPIPE_REGISTRY_PORT";
  public static final String DATA_DIR_ENV = "LEADPIPE_KAFKA_DATA_DIR";

  /** Logback config bundled with the kit: Kafka at WARN (its INFO config dump is ~3,500 lines). */
  public static final String LOGBACK_CONFIG_PROPERTY = "logback.configurationFile";

  public static final String LOGBACK_CONFIG_RESOURCE = "devkit-logback.xml";

  private DevStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Before the first logger exists; an explicit -Dlogback.configurationFile still wins.
    if (System.getProperty(LOGBACK_CONFIG_PROPERTY) == null) {
      System.setProperty(LOGBACK_CONFIG_PROPERTY, LOGBACK_CONFIG_RESOURCE);
    }
    DevStack.Settings settings = parse(args, System.getenv());
    long t0 = System.nanoTime();
    DevStack stack = DevStack.start(settings);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stack.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "dev-stack-shutdown"));
    // Launcher banner: the addresses a developer copies into clients.
    System.out.printf(
        "leadpipe dev stack up in %d ms%n  kafka:           %s%n  schema registry: %s%n"
            + "  data:            %s%nStop with Ctrl-C or SIGTERM.%n",
        ms, stack.bootstrapServers(), stack.schemaRegistryUrl(), stack.dataDir());
    System.out.flush();
    stopped.await();
  }

  static DevStack.Settings parse(String[] args, Map<String, String> env) {
    DevStack.Settings d = DevStack.Settings.defaults();
    int kafkaPort = intOr(env.get(KAFKA_PORT_ENV), d.kafkaPort());
    int controllerPort = intOr(env.get(CONTROLLER_PORT_ENV), d.controllerPort());
    int registryPort = intOr(env.get(REGISTRY_PORT_ENV), d.registryPort());
    Path dataDir = env.get(DATA_DIR_ENV) != null ? Path.of(env.get(DATA_DIR_ENV)) : d.dataDir();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
        case "--controller-port" -> controllerPort = Integer.parseInt(value);
        case "--registry-port" -> registryPort = Integer.parseInt(value);
        case "--data-dir" -> dataDir = Path.of(value);
        default ->
            throw new IllegalArgumentException(
                "Unknown option "
                    + flag
                    + " (known: --kafka-port, --controller-port, --registry-port, --data-dir)");
      }
    }
    return new DevStack.Settings(kafkaPort, controllerPort, registryPort, dataDir);
  }

  private static int intOr(String value, int fallback) {
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
