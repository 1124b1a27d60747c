package io.leadpipe.devkit.kafka;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.LeanJvm;
import io.leadpipe.schemas.topics.TopicProvisioner;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of three combined broker + controller nodes on this machine, each in its own JVM
 * ({@link KafkaClusterNodeMain}) so that a test can kill one with SIGKILL, as a crashed broker
 * host, and start it again on the same ports and data. Every topic has three replicas and needs two
 * in sync for a write with acks=all: one node may die without losing an acknowledged record or
 * stopping writes. The controller quorum is static (three voters, one per node), so it survives one
 * node too.
 *
 * <p>Brokers notice a dead node after {@link EmbeddedKafkaBroker#BROKER_SESSION_TIMEOUT_MS}: the
 * controller fences it and moves its partition leaderships to the others.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

  public static final int NODES = 3;
  public static final short REPLICATION_FACTOR = 3;
  public static final int MIN_INSYNC_REPLICAS = 2;

  /** Per node: a broker with little traffic; serial GC and C1 only, so three fit on two cores. */
  private static final List<String> NODE_JVM_OPTIONS = LeanJvm.withHeap("256m");

  /**
   * Three JVMs starting at once on a busy two-core machine took up to 115 s (ready in 9 s idle).
   */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READY_POLL = Duration.ofMillis(100);

  /**
   * Ports are picked free and bound later by the node's own JVM; in between another process (any
   * client's outgoing connection takes an ephemeral port from the same range) may take one. A start
   * that fails that way is repeated on newly picked ports, at most this many times in all.
   */
  private static final int START_ATTEMPTS = 3;

  /** Lines of a node's log quoted when it exits during start. */
  private static final int LOG_TAIL_LINES = 30;

  /** How the JVM reports a port another process bound first. */
  private static final String PORT_TAKEN = "Address already in use";

  private final Path dir;
  private final String clusterId = Uuid.randomUuid().toString();
  private final Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
  private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
  private final Map<Integer, Process> processes = new LinkedHashMap<>();
  private final Optional<Integer> cataloguePartitions;
  private Admin admin;

  private KafkaCluster(Path dir, Optional<Integer> cataloguePartitions) {
    this.dir = dir.toAbsolutePath();
    this.cataloguePartitions = cataloguePartitions;
    for (int node = 1; node <= NODES; node++) {
      brokerPorts.put(node, freePort());
      controllerPorts.put(node, freePort());
    }
  }

  /**
   * Starts the three nodes with their data and logs ({@code node-N.log}) under {@code dir}, waits
   * until each serves requests and creates the catalogue topics (three replicas each).
   */
  public static KafkaCluster start(Path dir) {
    return start(dir, Optional.empty());
  }

  /** As {@link #start(Path)}, with every catalogue topic given {@code partitions} partitions. */
  public static KafkaCluster start(Path dir, Optional<Integer> cataloguePartitions) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(dir, cataloguePartitions);
      } catch (PortTakenException e) {
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        LOG.warn("{}; starting the cluster again on other ports", e.getMessage());
        deleteNodeFiles(dir);
      }
    }
  }

  /** A node exited during start because another process had bound one of its ports. */
  static final class PortTakenException extends IllegalStateException {
    PortTakenException(String message) {
      super(message);
    }
  }

  private static KafkaCluster startOnce(Path dir, Optional<Integer> cataloguePartitions) {
    long t0 = System.nanoTime();
    KafkaCluster cluster = new KafkaCluster(dir, cataloguePartitions);
    try {
      // All at once: a node's broker waits for the quorum, which needs two nodes up.
      List<Integer> nodes = List.copyOf(cluster.brokerPorts.keySet());
      Map<Integer, Long> readyBefore = new LinkedHashMap<>();
      for (int node : nodes) {
        readyBefore.put(node, cluster.readyLines(node));
        cluster.launch(node);
      }
      for (int node : nodes) {
        cluster.awaitReady(node, readyBefore.get(node));
      }
      cluster.createCatalogueTopics();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info(
        "Kafka cluster {} (data {}) up in {} ms",
        cluster.bootstrapServers(),
        cluster.dir,
        (System.nanoTime() - t0) / 1_000_000);
    return cluster;
  }

  /** Every node's broker address: clients find the living ones among them. */
  public String bootstrapServers() {
    return brokerPorts.values().stream()
        .map(p -> EmbeddedKafkaBroker.HOST + ":" + p)
        .collect(Collectors.joining(","));
  }

  public List<Integer> nodeIds() {
    return List.copyOf(brokerPorts.keySet());
  }

  /** SIGKILL of one node's JVM: no flush, no clean leave; returns once the process is gone. */
  public synchronized void kill(int node) {
    Process p = process(node);
    p.destroyForcibly();
    waitForExit(p);
    LOG.info("Kafka node {} killed", node);
  }

  /** SIGTERM of one node's JVM: a controlled shutdown that hands its leaderships over first. */
  public synchronized void stop(int node) {
    Process p = process(node);
    p.destroy();
    waitForExit(p);
  }

  /** Starts a stopped or killed node again on its ports and data; waits until it serves. */
  public synchronized void restart(int node) {
    Process p = processes.get(node);
    if (p != null && p.isAlive()) {
      throw new IllegalStateException("Kafka node " + node + " is running");
    }
    long before = readyLines(node);
    launch(node);
    awaitReady(node, before);
  }

  public synchronized boolean isRunning(int node) {
    Process p = processes.get(node);
    return p != null && p.isAlive();
  }

  /**
   * Waits until every replica of every topic is in sync again (after a node came back) and returns
   * how long that took.
   */
  public Duration awaitAllReplicasInSync(Duration timeout) {
    long t0 = System.nanoTime();
    await("every replica of every topic in sync")
        .atMost(timeout)
        .pollInterval(READY_POLL)
        .ignoreExceptions()
        .until(() -> outOfSyncReplicas().isEmpty());
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Partitions whose in-sync replicas are fewer than their replicas, as {@code topic-p}. */
  public List<String> outOfSyncReplicas() throws Exception {
    Admin a = admin();
    Collection<String> topics =
        a.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, TopicDescription> descriptions =
        a.describeTopics(topics)
            .allTopicNames()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    List<String> behind = new ArrayList<>();
    for (TopicDescription d : descriptions.values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        if (p.isr().size() < p.replicas().size()) {
          behind.add(d.name() + "-" + p.partition());
        }
      }
    }
    return behind;
  }

  /** A shared Admin client on the cluster; do not close it. */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
    return admin;
  }

  /**
   * Ends every node with SIGKILL. The cluster's data is for one test run: a controlled shutdown of
   * all nodes at once waits on a quorum that is going away (tens of seconds) and saves nothing.
   */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
    processes.values().stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    processes.values().forEach(this::waitForExit);
  }

  private void createCatalogueTopics() {
    try {
      TopicProvisioner.ensureTopics(
          admin(),
          Topics.all(),
          cataloguePartitions,
          REPLICATION_FACTOR,
          EmbeddedKafkaBroker.TOPIC_CREATION_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the catalogue topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not create the catalogue topics on " + bootstrapServers(), e);
    }
  }

  private void launch(int node) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(NODE_JVM_OPTIONS);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            KafkaClusterNodeMain.class.getName(),
            "--node-id",
            String.valueOf(node),
            "--port",
            String.valueOf(brokerPorts.get(node)),
            "--data-dir",
            dir.resolve("node-" + node).toString(),
            "--cluster-id",
            clusterId,
            "--quorum",
            controllerPorts.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",")),
            "--replicas",
            String.valueOf(REPLICATION_FACTOR),
            "--min-insync",
            String.valueOf(MIN_INSYNC_REPLICAS)));
    try {
      Files.createDirectories(dir);
      processes.put(
          node,
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log(node).toFile()))
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Kafka node " + node, e);
    }
  }

  private void awaitReady(int node, long readyBefore) {
    Process started = processes.get(node);
    await("Kafka node " + node + " up (log: " + log(node) + ")")
        .atMost(START_TIMEOUT)
        .pollInterval(READY_POLL)
        .until(
            () -> {
              if (!started.isAlive()) {
                // Quoted, not only named: a test environment deletes the directory on failure.
                String tail = logTail(node);
                String message =
                    "Kafka node "
                        + node
                        + " exited with "
                        + started.exitValue()
                        + "; the end of "
                        + log(node)
                        + ":\n"
                        + tail;
                throw tail.contains(PORT_TAKEN)
                    ? new PortTakenException(message)
                    : new IllegalStateException(message);
              }
              return readyLines(node) > readyBefore;
            });
  }

  private Process process(int node) {
    Process p = processes.get(node);
    if (p == null) {
      throw new IllegalArgumentException("No Kafka node " + node + " (nodes: " + nodeIds() + ")");
    }
    return p;
  }

  private Path log(int node) {
    return dir.resolve("node-" + node + ".log");
  }

  private String logTail(int node) {
    try (var lines = Files.lines(log(node), StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** A failed start's node data and logs: the next attempt formats the nodes anew. */
  private static void deleteNodeFiles(Path dir) {
    for (int node = 1; node <= NODES; node++) {
      DataDirectories.delete(dir.toAbsolutePath().resolve("node-" + node));
      DataDirectories.delete(dir.toAbsolutePath().resolve("node-" + node + ".log"));
    }
  }

  private long readyLines(int node) {
    Path log = log(node);
    try {
      if (!Files.exists(log)) {
        return 0;
      }
      try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
        return lines.filter(line -> line.startsWith(KafkaClusterNodeMain.READY_LINE)).count();
      }
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private void waitForExit(Process p) {
    try {
      if (!p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName(EmbeddedKafkaBroker.HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }
}
