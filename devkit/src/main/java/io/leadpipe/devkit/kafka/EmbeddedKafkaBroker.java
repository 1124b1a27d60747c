package io.leadpipe.devkit.kafka;

import io.leadpipe.schemas.topics.TopicProvisioner;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft broker (combined broker + controller) running in this JVM: a single node by default,
 * or one node of a {@link KafkaCluster} (its node id, the static voters and the cluster id given).
 *
 * <p>The data directory is persistent: a {@link #restart()} or a new instance on the same directory
 * keeps every topic and record. Ports chosen as 0 are picked once and then kept, so clients that
 * hold the bootstrap address reconnect after a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  public static final String HOST = "127.0.0.1";
  public static final int NODE_ID = 1;
  public static final int ANY_FREE_PORT = 0;
  public static final String BROKER_LISTENER = "PLAINTEXT";
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Single node: internal topics cannot have more than one replica. */
  public static final short REPLICATION_FACTOR = 1;

  /** Single node: a write is safe once its only replica has it. */
  public static final int MIN_INSYNC_REPLICAS = 1;

  /** Default partitions of auto-created topics and of the catalogue when no override is given. */
  public static final int DEFAULT_PARTITIONS = 1;

  /**
   * Lowered from 9 s so a restart after a crash does not wait for the old registration to expire.
   */
  public static final int BROKER_SESSION_TIMEOUT_MS = 1500;

  public static final int BROKER_HEARTBEAT_INTERVAL_MS = 500;
  public static final long TOPIC_CREATION_TIMEOUT_MS = 30_000;

  /**
   * Internal topics (offsets, transactions, share state) get few partitions: faster first start.
   */
  public static final int INTERNAL_TOPIC_PARTITIONS = 1;

  private static final String META_PROPERTIES = "meta.properties";

  private final Path dataDir;
  private final Map<String, String> overrides;
  private final boolean createCatalogueTopics;
  private final Optional<Integer> cataloguePartitions;
  private final int nodeId;
  private final short replicationFactor;
  private final int minInsyncReplicas;
  private final Optional<String> clusterId;
  private final Map<Integer, Integer> controllerPorts;
  private int port;
  private int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Builder b) {
    this.dataDir = b.dataDir.toAbsolutePath();
    this.port = b.port;
    this.controllerPort = b.controllerPort;
    this.overrides = Map.copyOf(b.overrides);
    this.createCatalogueTopics = b.createCatalogueTopics;
    this.cataloguePartitions = b.cataloguePartitions;
    this.nodeId = b.nodeId;
    this.replicationFactor = b.replicationFactor;
    this.minInsyncReplicas = b.minInsyncReplicas;
    this.clusterId = b.clusterId;
    this.controllerPorts = Map.copyOf(b.controllerPorts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Formats the data directory if needed, starts the broker and waits until it serves requests. */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Free ports are chosen once and kept, so restart() serves on the same address.
    if (port == ANY_FREE_PORT) {
      port = freePort();
    }
    if (controllerPort == ANY_FREE_PORT) {
      controllerPort = freePort();
    }
    Properties props = brokerProperties();
    formatIfNeeded();
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    s.startup();
    server = s;
    if (createCatalogueTopics) {
      createTopics();
    }
    LOG.info(
        "Kafka broker on {} (data {}) started in {} ms",
        bootstrapServers(),
        dataDir,
        (System.nanoTime() - t0) / 1_000_000);
    return this;
  }

  /** Clean shutdown; the data directory and the ports are kept for a later {@link #start()}. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer s = server;
    server = null;
    s.shutdown();
    s.awaitShutdown();
    LOG.info("Kafka broker on {} stopped", bootstrapServers());
  }

  public synchronized EmbeddedKafkaBroker restart() {
    stop();
    return start();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A new Admin client on this broker; the caller closes it. */
  public Admin createAdmin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** Creates the missing topics of the catalogue ({@link Topics#all()}). */
  public List<String> createTopics() {
    try (Admin admin = createAdmin()) {
      return TopicProvisioner.ensureTopics(
          admin, Topics.all(), cataloguePartitions, replicationFactor, TOPIC_CREATION_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the catalogue topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not create the catalogue topics on " + bootstrapServers(), e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private Properties brokerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(nodeId));
    // Static voters: a dynamic quorum writes the controller endpoint to disk and breaks port
    // changes.
    p.put("controller.quorum.voters", quorumVoters());
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
    p.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", dataDir.toString());
    p.put("metadata.log.dir", dataDir.toString());
    p.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
    String replicas = String.valueOf(replicationFactor);
    String minIsr = String.valueOf(minInsyncReplicas);
    p.put("default.replication.factor", replicas);
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
    // Without these exactly_once_v2 applications hang on InitProducerId and die.
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put(
        "share.coordinator.state.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
    p.put("min.insync.replicas", minIsr);
    // Tests and the dev stack want a consumer group to start consuming at once.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("broker.session.timeout.ms", String.valueOf(BROKER_SESSION_TIMEOUT_MS));
    p.put("broker.heartbeat.interval.ms", String.valueOf(BROKER_HEARTBEAT_INTERVAL_MS));
    p.put("auto.create.topics.enable", "true");
    p.put("delete.topic.enable", "true");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /** {@code id@host:port,...}: this node alone, or every controller of the cluster. */
  private String quorumVoters() {
    Map<Integer, Integer> voters =
        controllerPorts.isEmpty() ? Map.of(nodeId, controllerPort) : controllerPorts;
    return voters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(v -> v.getKey() + "@" + HOST + ":" + v.getValue())
        .collect(Collectors.joining(","));
  }

  private void formatIfNeeded() {
    if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
      return;
    }
    try {
      // The formatter reports on a PrintStream; route it to our logger instead of stdout.
      PrintStream sink =
          new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      new Formatter()
          .setPrintStream(sink)
          .setNodeId(nodeId)
          // Every node of a cluster is formatted with the same id; a lone node makes up its own.
          .setClusterId(clusterId.orElseGet(() -> Uuid.randomUuid().toString()))
          .setDirectories(List.of(dataDir.toString()))
          .setMetadataLogDirectory(dataDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
      LOG.info("Formatted new KRaft data directory {}", dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("Could not format Kafka data directory " + dataDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  /** Builder; defaults: free ports, a fresh temporary data directory, no catalogue topics. */
  public static final class Builder {
    private Path dataDir;
    private int port = ANY_FREE_PORT;
    private int controllerPort = ANY_FREE_PORT;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private boolean createCatalogueTopics;
    private Optional<Integer> cataloguePartitions = Optional.empty();
    private int nodeId = NODE_ID;
    private short replicationFactor = REPLICATION_FACTOR;
    private int minInsyncReplicas = MIN_INSYNC_REPLICAS;
    private Optional<String> clusterId = Optional.empty();
    private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();

    private Builder() {}

    /** This node's id in the cluster ({@value #NODE_ID} for a lone node). */
    public Builder nodeId(int id) {
      this.nodeId = id;
      return this;
    }

    /**
     * The static controller quorum: node id to controller port on {@value #HOST}. This node's own
     * controller port is taken from it. Default: this node alone.
     */
    public Builder controllerQuorum(Map<Integer, Integer> controllerPortsByNode) {
      controllerPorts.clear();
      controllerPorts.putAll(controllerPortsByNode);
      return this;
    }

    /** The cluster id every node of one cluster is formatted with (base64 UUID). */
    public Builder clusterId(String id) {
      this.clusterId = Optional.of(id);
      return this;
    }

    /**
     * Replicas of every topic (catalogue, internal, auto-created) and the in-sync replicas a write
     * with acks=all needs.
     */
    public Builder replication(short replicas, int minInsync) {
      this.replicationFactor = replicas;
      this.minInsyncReplicas = minInsync;
      return this;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    /** Any broker property, applied last. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /** Create the catalogue topics on start (missing ones only). */
    public Builder createCatalogueTopics(boolean create) {
      this.createCatalogueTopics = create;
      return this;
    }

    /** Partitions for every catalogue topic instead of the catalogue's own counts. */
    public Builder cataloguePartitions(int partitions) {
      this.cataloguePartitions = Optional.of(partitions);
      return this;
    }

    public EmbeddedKafkaBroker build() {
      if (!controllerPorts.isEmpty()) {
        Integer own = controllerPorts.get(nodeId);
        if (own == null) {
          throw new IllegalArgumentException(
              "node " + nodeId + " is not in the controller quorum " + controllerPorts.keySet());
        }
        controllerPort = own;
      }
      if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
        throw new IllegalArgumentException(
            "min.insync.replicas "
                + minInsyncReplicas
                + " must be between 1 and the replication factor "
                + replicationFactor);
      }
      if (dataDir == null) {
        try {
          dataDir = Files.createTempDirectory("leadpipe-kafka-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new EmbeddedKafkaBroker(this);
    }
  }
}
