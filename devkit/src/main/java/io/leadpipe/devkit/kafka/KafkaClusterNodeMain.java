package io.leadpipe.devkit.kafka;

import io.leadpipe.devkit.stack.DevStackMain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a {@link KafkaCluster} in its own JVM, so a test can kill it with SIGKILL as a
 * crashed broker host. Runs until SIGTERM (clean shutdown) or SIGKILL; prints {@value #READY_LINE}
 * followed by the node id once it serves requests.
 *
 * <pre>
 *   --node-id N --port P --data-dir PATH --cluster-id ID
 *   --quorum 1:CONTROLLER_PORT,2:CONTROLLER_PORT,3:CONTROLLER_PORT
 *   --replicas R --min-insync M
 * </pre>
 */
public final class KafkaClusterNodeMain {

  public static final String READY_LINE = "leadpipe kafka node up: ";

  private KafkaClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty(DevStackMain.LOGBACK_CONFIG_PROPERTY) == null) {
      System.setProperty(
          DevStackMain.LOGBACK_CONFIG_PROPERTY, DevStackMain.LOGBACK_CONFIG_RESOURCE);
    }
    Map<String, String> options = options(args);
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .nodeId(Integer.parseInt(required(options, "--node-id")))
            .port(Integer.parseInt(required(options, "--port")))
            .dataDir(Path.of(required(options, "--data-dir")))
            .clusterId(required(options, "--cluster-id"))
            .controllerQuorum(quorum(required(options, "--quorum")))
            .replication(
                Short.parseShort(required(options, "--replicas")),
                Integer.parseInt(required(options, "--min-insync")))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "kafka-node-shutdown"));
    broker.start();
    System.out.println(READY_LINE + options.get("--node-id"));
    System.out.flush();
    stopped.await();
  }

  /** {@code 1:9001,2:9002} → node id to controller port. */
  static Map<Integer, Integer> quorum(String value) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    for (String voter : value.split(",")) {
      String[] idAndPort = voter.split(":");
      if (idAndPort.length != 2) {
        throw new IllegalArgumentException("--quorum entry " + voter + " is not id:port");
      }
      ports.put(Integer.parseInt(idAndPort[0].trim()), Integer.parseInt(idAndPort[1].trim()));
    }
    return ports;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value after " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing option " + name);
    }
    return value;
  }
}
