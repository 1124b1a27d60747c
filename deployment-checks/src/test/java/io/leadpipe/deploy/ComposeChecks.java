package io.leadpipe.deploy;

import io.leadpipe.deploy.ComposeFile.PortMapping;
import io.leadpipe.deploy.ComposeFile.Service;
import io.leadpipe.deploy.ComposeFile.VolumeMount;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that the compose deployment runs the services the way they are configured and tested:
 * every environment variable is a key the service reads, ports are the defaults, services reach the
 * compose broker and registry, every service scales out as one application with instances that each
 * have their own identity and state, the brokers form a KRaft cluster of our Kafka version with
 * replication 3 and min ISR 2, and topics are created as the catalogue says. Each check returns its
 * problems, empty when in line.
 */
final class ComposeChecks {

  static final String KAFKA_IMAGE = "apache/kafka";
  static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry";
  static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";
  static final String REGISTRY_PROPERTY = "leadpipe.schema-registry.url";
  static final String SCORING_MODULE = "scoring-stream";
  static final String SCORING_APPLICATION_ID = "leadpipe.scoring.streams.application-id";
  static final String SCORING_ADVERTISED_HOST = "leadpipe.scoring.instance.advertised-host";
  static final String STATE_DIR_SUFFIX = ".state-dir";

  /** Read by the JVM itself, not by the service's configuration. */
  static final String JVM_OPTIONS = "JAVA_TOOL_OPTIONS";

  static final Set<String> JVM_VARIABLES = Set.of(JVM_OPTIONS);

  /** Brokers of the cluster: a KRaft quorum of three survives one lost node. */
  static final int BROKERS = 3;

  /** Replicas of every topic, and how many must have a write before it is acknowledged. */
  static final int REPLICATION_FACTOR = 3;

  static final int MIN_INSYNC_REPLICAS = 2;

  /**
   * Settings every broker needs: KRaft roles, no implicit topics (kafka-init creates them with the
   * catalogue's partitions), three replicas with two in sync for data and internal topics alike
   * (exactly_once_v2 applications write the transaction state topic).
   */
  static final Map<String, String> CLUSTER_BROKER =
      Map.of(
          "KAFKA_PROCESS_ROLES", "broker,controller",
          "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false",
          "KAFKA_DEFAULT_REPLICATION_FACTOR", Integer.toString(REPLICATION_FACTOR),
          "KAFKA_MIN_INSYNC_REPLICAS", Integer.toString(MIN_INSYNC_REPLICAS),
          "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", Integer.toString(REPLICATION_FACTOR),
          "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", Integer.toString(REPLICATION_FACTOR),
          "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", Integer.toString(MIN_INSYNC_REPLICAS),
          "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");

  /** Instances of every service: two show scale-out and survive one lost instance. */
  static final int MIN_INSTANCES = 2;

  /**
   * What names an instance of a Streams service (its application.server or static group member): a
   * configuration key, or a variable its application.yml reads; distinct per instance.
   */
  static final Map<String, String> INSTANCE_IDENTITY =
      Map.of(
          SCORING_MODULE,
          SCORING_ADVERTISED_HOST,
          "hesitation-stream",
          "leadpipe.hesitations.instance.advertised-host",
          "notifier-service",
          "NOTIFIER_INSTANCE_ID");

  /** The Streams application id of each Streams service: shared by all its instances. */
  static final Map<String, String> APPLICATION_ID =
      Map.of(
          SCORING_MODULE,
          SCORING_APPLICATION_ID,
          "hesitation-stream",
          "leadpipe.hesitations.streams.application-id",
          "notifier-service",
          "leadpipe.notifier.application-id");

  /** The raw Streams property (a system property) that gives scoring-stream standby replicas. */
  static final String SCORING_STANDBY_REPLICAS =
      "leadpipe.scoring.streams.properties.num.standby.replicas";

  /** The topic script's partitions of visitor-keyed topics, and where kafka-init gets them. */
  static final String VISITOR_PARTITIONS_ARGUMENT = "\"$VISITOR_PARTITIONS\"";

  static final String VISITOR_PARTITIONS_SETTING = "LEADPIPE_VISITOR_PARTITIONS";

  private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([^=\\s]+)=(\\S*)");

  private static final Pattern CREATE_TOPIC =
      Pattern.compile(
          "^create_topic\\s+(\\S+)\\s+(\\d+|\"\\$VISITOR_PARTITIONS\")\\s+(\\S+)(?:\\s+(\\d+))?\\s*$",
          Pattern.MULTILINE);
  private static final Pattern LISTENER = Pattern.compile("(\\w+)://([^:,]+):(\\d+)");

  private ComposeChecks() {}

  /**
   * Every environment variable of a service container is a configuration key (or placeholder) of
   * its module.
   */
  static List<String> unknownEnvironment(ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    for (ServiceModule module : modules) {
      for (Service service : compose.builtFrom(module.name())) {
        service
            .environment()
            .keySet()
            .forEach(
                variable -> {
                  boolean known =
                      JVM_VARIABLES.contains(variable)
                          || module.placeholderVariables().contains(variable)
                          || MicronautEnvironment.propertyNames(variable).stream()
                              .anyMatch(module::knowsProperty);
                  if (!known) {
                    problems.add(
                        service.name()
                            + ": environment "
                            + variable
                            + " sets no configuration key of "
                            + module.name()
                            + " (not in its application.yml, its @ConfigurationProperties, or a ${...} it reads)");
                  }
                });
        systemProperties(service).keySet().stream()
            .filter(property -> !module.knowsProperty(property))
            .forEach(
                property ->
                    problems.add(
                        service.name()
                            + ": "
                            + JVM_OPTIONS
                            + " sets -D"
                            + property
                            + ", no configuration key of "
                            + module.name()));
      }
    }
    return problems;
  }

  /**
   * Whether an {@link #INSTANCE_IDENTITY} entry is a variable the service's application.yml reads
   * ({@code NOTIFIER_INSTANCE_ID}) rather than a configuration key.
   */
  static boolean isVariable(String key) {
    return key.equals(key.toUpperCase(Locale.ROOT));
  }

  /** The {@code -Dkey=value} system properties a container's JVM options set. */
  static Map<String, String> systemProperties(Service service) {
    return systemProperties(service.environment().getOrDefault(JVM_OPTIONS, ""));
  }

  /** The {@code -Dkey=value} system properties of a JVM options string. */
  static Map<String, String> systemProperties(String jvmOptions) {
    Map<String, String> properties = new LinkedHashMap<>();
    Matcher m = SYSTEM_PROPERTY.matcher(jvmOptions);
    while (m.find()) {
      properties.put(m.group(1), m.group(2));
    }
    return properties;
  }

  /** No two containers publish the same host port (compose would start only the first). */
  static List<String> hostPortsTaken(ComposeFile compose) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> owners = new HashMap<>();
    for (Service service : compose.services()) {
      for (PortMapping port : service.ports()) {
        String owner = owners.putIfAbsent(port.hostPort(), service.name());
        if (owner != null) {
          problems.add(
              service.name()
                  + ": host port "
                  + port.hostPort()
                  + " is already published by "
                  + owner);
        }
      }
    }
    return problems;
  }

  /**
   * Containers listen on the services' default ports; one instance of each is published on it;
   * Kafka and registry too.
   */
  static List<String> portsOffDefaults(ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    for (ServiceModule module : modules) {
      int port = module.defaultHttpPort();
      List<Service> instances = compose.builtFrom(module.name());
      if (instances.isEmpty()) {
        problems.add(module.name() + ": no compose service is built from it");
      }
      for (Service instance : instances) {
        if (instance.ports().stream().noneMatch(p -> p.containerPort() == port)) {
          problems.add(
              instance.name()
                  + ": publishes no port to "
                  + port
                  + ", the default HTTP port of "
                  + module.name());
        }
        if (instance.ports().stream().anyMatch(p -> p.containerPort() != port)) {
          problems.add(
              instance.name()
                  + ": maps a container port other than "
                  + port
                  + ": "
                  + instance.ports());
        }
      }
      if (!instances.isEmpty()
          && instances.stream().noneMatch(i -> i.ports().contains(new PortMapping(port, port)))) {
        problems.add(
            module.name()
                + ": no instance is published on host port "
                + port
                + " (the documented default)");
      }
    }
    int kafkaPort = defaultPort(modules, BOOTSTRAP_PROPERTY, "tcp://");
    Optional<Service> kafka = brokerService(compose);
    if (kafka.isEmpty()) {
      problems.add("no " + KAFKA_IMAGE + " broker (a service advertising listeners)");
    }
    kafka.ifPresent(
        k -> {
          if (!k.ports().contains(new PortMapping(kafkaPort, kafkaPort))) {
            problems.add(
                k.name()
                    + ": not published on "
                    + kafkaPort
                    + ":"
                    + kafkaPort
                    + " (the services' default bootstrap port)");
          }
          String advertised = k.environment().getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
          if (!advertised.contains("localhost:" + kafkaPort)) {
            problems.add(
                k.name()
                    + ": advertises no localhost:"
                    + kafkaPort
                    + " listener for clients on the host");
          }
        });
    int registryPort = defaultPort(modules, REGISTRY_PROPERTY, "");
    List<Service> registries = compose.withImage(REGISTRY_IMAGE);
    if (registries.size() != 1) {
      problems.add("expected one " + REGISTRY_IMAGE + " service, found " + registries.size());
    }
    registries.stream()
        .findFirst()
        .ifPresent(
            r -> {
              if (!r.ports().contains(new PortMapping(registryPort, registryPort))) {
                problems.add(
                    r.name()
                        + ": not published on "
                        + registryPort
                        + ":"
                        + registryPort
                        + " (the services' default registry port)");
              }
              if (registryListenerPort(r) != registryPort) {
                problems.add(
                    r.name() + ": SCHEMA_REGISTRY_LISTENERS does not listen on " + registryPort);
              }
            });
    return problems;
  }

  /**
   * Every service is pointed at the compose broker's internal listener and the compose registry.
   */
  static List<String> connections(ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Optional<String> broker = internalBootstrap(compose);
    Optional<String> registry = internalRegistryUrl(compose);
    if (broker.isEmpty()) {
      problems.add(
          "kafka: no advertised listener on the compose network (one whose host is not localhost)");
    }
    if (registry.isEmpty()) {
      problems.add("schema registry: no " + REGISTRY_IMAGE + " service");
    }
    for (ServiceModule module : modules) {
      for (Service service : compose.builtFrom(module.name())) {
        expect(service, BOOTSTRAP_PROPERTY, broker, problems);
        expect(service, REGISTRY_PROPERTY, registry, problems);
      }
    }
    return problems;
  }

  /**
   * Two or more instances of every service; those of a Streams service are one application (one
   * application id), each instance with its own identity, equal to its host name so peers reach it.
   */
  static List<String> scaleOut(ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    for (ServiceModule module : modules) {
      List<Service> instances = compose.builtFrom(module.name());
      if (instances.size() < MIN_INSTANCES) {
        problems.add(
            module.name()
                + ": "
                + instances.size()
                + " instance(s); the deployment runs at least "
                + MIN_INSTANCES);
      }
      Optional.ofNullable(APPLICATION_ID.get(module.name()))
          .ifPresent(key -> sharedApplicationId(module.name(), key, instances, problems));
      Optional.ofNullable(INSTANCE_IDENTITY.get(module.name()))
          .ifPresent(key -> distinctIdentities(key, instances, problems));
    }
    return problems;
  }

  private static void sharedApplicationId(
      String module, String key, List<Service> instances, List<String> problems) {
    Set<String> applicationIds = new HashSet<>();
    for (Service instance : instances) {
      Optional<String> applicationId = setting(instance, key);
      if (applicationId.isEmpty()) {
        problems.add(instance.name() + ": sets no " + key + "; instances must share it explicitly");
      }
      applicationId.ifPresent(applicationIds::add);
    }
    if (applicationIds.size() > 1) {
      problems.add(
          module
              + ": instances use different application ids "
              + applicationIds
              + " and would not share the partitions");
    }
  }

  private static void distinctIdentities(
      String key, List<Service> instances, List<String> problems) {
    Set<String> identities = new HashSet<>();
    for (Service instance : instances) {
      Optional<String> identity =
          isVariable(key)
              ? Optional.ofNullable(instance.environment().get(key))
              : setting(instance, key);
      if (identity.isEmpty()) {
        problems.add(instance.name() + ": sets no " + key + " (the instance's own name)");
        continue;
      }
      if (!identities.add(identity.get())) {
        problems.add(
            instance.name()
                + ": advertises "
                + identity.get()
                + ", already advertised by another instance");
      }
      if (!identity.get().equals(instance.hostname())) {
        problems.add(
            instance.name()
                + ": advertises "
                + identity.get()
                + " but is reachable as "
                + instance.hostname());
      }
    }
  }

  /**
   * Every scoring-stream instance keeps a standby copy of another instance's state, so a stopped
   * instance's visitors move without a changelog replay.
   */
  static List<String> standbyReplicas(ComposeFile compose) {
    List<String> problems = new ArrayList<>();
    for (Service instance : compose.builtFrom(SCORING_MODULE)) {
      String standbys = systemProperties(instance).get(SCORING_STANDBY_REPLICAS);
      if (standbys == null || !standbys.matches("[1-9]\\d*")) {
        problems.add(
            instance.name()
                + ": "
                + JVM_OPTIONS
                + " sets no -D"
                + SCORING_STANDBY_REPLICAS
                + "=1 (or more): a failover would replay the changelogs first");
      }
    }
    return problems;
  }

  /**
   * Every state directory a service has (one per Streams application) is set, to a named volume of
   * that container alone (or a directory inside it; a service's applications may share its volume):
   * the image's working directory is not writable, and state must survive a container re-creation.
   */
  static List<String> stateOnVolumes(ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Map<String, String> volumeOwners = new HashMap<>();
    for (ServiceModule module : modules) {
      List<String> stateDirs =
          module.configProperties().stream()
              .map(ServiceModule.ConfigProperty::name)
              .filter(n -> n.endsWith(STATE_DIR_SUFFIX) && !n.contains("*"))
              .toList();
      for (Service service : compose.builtFrom(module.name())) {
        stateDirs.stream()
            .filter(dir -> setting(service, dir).isEmpty())
            .forEach(
                dir ->
                    problems.add(
                        service.name()
                            + ": does not set "
                            + dir
                            + "; its default is inside the container"));
        service
            .environment()
            .forEach(
                (variable, value) -> {
                  boolean stateDir =
                      MicronautEnvironment.propertyNames(variable).stream()
                          .anyMatch(p -> p.endsWith(STATE_DIR_SUFFIX) && module.knowsProperty(p));
                  if (!stateDir) {
                    return;
                  }
                  Optional<VolumeMount> mount =
                      service.volumes().stream()
                          .filter(
                              v ->
                                  v.namedVolume()
                                      && (v.target().equals(value)
                                          || value.startsWith(v.target() + "/")))
                          .findFirst();
                  if (mount.isEmpty()) {
                    problems.add(
                        service.name()
                            + ": state directory "
                            + value
                            + " ("
                            + variable
                            + ") is not a named volume");
                  }
                  mount.ifPresent(
                      m -> {
                        String owner = volumeOwners.putIfAbsent(m.source(), service.name());
                        if (owner != null && !owner.equals(service.name())) {
                          problems.add(
                              service.name()
                                  + ": shares state volume "
                                  + m.source()
                                  + " with "
                                  + owner);
                        }
                      });
                });
      }
    }
    return problems;
  }

  /**
   * Every apache/kafka container is our Kafka version; the brokers form one KRaft cluster of at
   * least three nodes, each a voter of the quorum, with its own id and rack, and the replication
   * settings.
   */
  static List<String> brokerSettings(ComposeFile compose, String kafkaVersion) {
    List<String> problems = new ArrayList<>();
    List<Service> kafkaImages = compose.withImage(KAFKA_IMAGE);
    if (kafkaImages.isEmpty()) {
      problems.add("no " + KAFKA_IMAGE + " service");
    }
    for (Service service : kafkaImages) {
      String expected = KAFKA_IMAGE + ":" + kafkaVersion;
      if (!service.image().orElse("").equals(expected)) {
        problems.add(
            service.name()
                + ": image "
                + service.image().orElse("")
                + ", but the build uses Kafka "
                + kafkaVersion
                + " ("
                + expected
                + ")");
      }
    }
    List<Service> brokers = brokers(compose);
    if (brokers.size() < BROKERS) {
      problems.add(brokers.size() + " broker(s); the cluster needs at least " + BROKERS);
    }
    Set<String> nodeIds = new HashSet<>();
    Set<String> racks = new HashSet<>();
    Set<String> clusterIds = new HashSet<>();
    Set<String> voters = new HashSet<>();
    for (Service broker : brokers) {
      Map<String, String> env = broker.environment();
      CLUSTER_BROKER.forEach(
          (key, value) -> {
            String actual = env.get(key);
            if (!value.equals(actual)) {
              problems.add(broker.name() + ": " + key + " is " + actual + ", must be " + value);
            }
          });
      String nodeId = env.getOrDefault("KAFKA_NODE_ID", "");
      if (!nodeIds.add(nodeId)) {
        problems.add(broker.name() + ": KAFKA_NODE_ID " + nodeId + " is not unique");
      }
      String rack = env.get("KAFKA_BROKER_RACK");
      if (rack == null || !racks.add(rack)) {
        problems.add(
            broker.name()
                + ": KAFKA_BROKER_RACK "
                + rack
                + " is not a rack of its own; replicas would share it");
      }
      clusterIds.add(env.getOrDefault("CLUSTER_ID", ""));
      voters.add(env.getOrDefault("KAFKA_CONTROLLER_QUORUM_VOTERS", ""));
    }
    if (clusterIds.size() > 1) {
      problems.add("brokers format their logs with different CLUSTER_IDs " + clusterIds);
    }
    if (voters.size() > 1) {
      problems.add("brokers disagree on KAFKA_CONTROLLER_QUORUM_VOTERS " + voters);
    }
    String quorum = voters.stream().findFirst().orElse("");
    for (Service broker : brokers) {
      String voter = broker.environment().get("KAFKA_NODE_ID") + "@" + broker.hostname() + ":";
      if (!List.of(quorum.split(",")).stream().anyMatch(v -> v.startsWith(voter))) {
        problems.add(broker.name() + ": not a voter of KAFKA_CONTROLLER_QUORUM_VOTERS " + quorum);
      }
    }
    return problems;
  }

  /**
   * The init container runs the topic script, and the script creates exactly the catalogue's
   * topics.
   */
  static List<String> topicCreation(
      ComposeFile compose, String script, String scriptPath, Collection<Topic<?>> catalogue) {
    List<String> problems = new ArrayList<>();
    // The compose file is at the repository root, so its relative mounts are repository paths.
    String mountedFrom = "./" + scriptPath;
    Optional<Service> init =
        compose.services().stream()
            .filter(s -> s.volumes().stream().anyMatch(v -> v.source().equals(mountedFrom)))
            .findFirst();
    if (init.isEmpty()) {
      problems.add("no service mounts " + mountedFrom + " to create the topics");
    }
    init.ifPresent(
        s -> {
          String target =
              s.volumes().stream()
                  .filter(v -> v.source().equals(mountedFrom))
                  .findFirst()
                  .orElseThrow()
                  .target();
          if (!s.entrypoint().contains(target)) {
            problems.add(
                s.name()
                    + ": mounts the topic script at "
                    + target
                    + " but its entrypoint "
                    + s.entrypoint()
                    + " does not run it");
          }
        });
    init.ifPresent(s -> initSettings(s, problems));
    Map<String, String> created = new LinkedHashMap<>();
    Matcher m = CREATE_TOPIC.matcher(script);
    while (m.find()) {
      created.put(
          m.group(1),
          (m.group(2).equals(VISITOR_PARTITIONS_ARGUMENT) ? "VISITOR_PARTITIONS" : m.group(2))
              + " partitions, cleanup.policy="
              + m.group(3)
              + (m.group(4) == null ? "" : ", retention.ms=" + m.group(4)));
    }
    Map<String, String> expected =
        catalogue.stream()
            .collect(
                Collectors.toMap(
                    Topic::name,
                    t ->
                        (t.key() == Topic.Key.VISITOR_ID
                                ? "VISITOR_PARTITIONS"
                                : Integer.toString(t.partitions()))
                            + " partitions, cleanup.policy="
                            + t.cleanupPolicy()
                            + (t.retention() == null
                                ? ""
                                : ", retention.ms=" + t.retention().toMillis()),
                    (a, b) -> a,
                    LinkedHashMap::new));
    expected.forEach(
        (topic, spec) -> {
          if (!created.containsKey(topic)) {
            problems.add(scriptPath + ": does not create " + topic + " (" + spec + ")");
          } else if (!created.get(topic).equals(spec)) {
            problems.add(
                scriptPath
                    + ": creates "
                    + topic
                    + " with "
                    + created.get(topic)
                    + ", the catalogue says "
                    + spec);
          }
        });
    created.keySet().stream()
        .filter(t -> !expected.containsKey(t))
        .forEach(
            t -> problems.add(scriptPath + ": creates " + t + ", which is not in Topics.all()"));
    return problems;
  }

  /**
   * kafka-init creates the topics with the cluster's replication and min ISR, and visitor topics
   * with the deployment's partition setting, defaulting to the catalogue's deployment default.
   */
  private static void initSettings(Service init, List<String> problems) {
    Map<String, String> expected =
        Map.of(
            "BOOTSTRAP_SERVERS",
            "",
            "REPLICATION_FACTOR",
            Integer.toString(REPLICATION_FACTOR),
            "MIN_INSYNC_REPLICAS",
            Integer.toString(MIN_INSYNC_REPLICAS),
            "VISITOR_PARTITIONS",
            "${" + VISITOR_PARTITIONS_SETTING + ":-" + Topics.DEPLOYMENT_VISITOR_PARTITIONS + "}");
    expected.forEach(
        (variable, value) -> {
          String actual = init.environment().get(variable);
          if (actual == null || (!value.isEmpty() && !value.equals(actual))) {
            problems.add(
                init.name()
                    + ": "
                    + variable
                    + " is "
                    + actual
                    + (value.isEmpty() ? ", must be set" : ", must be " + value));
          }
        });
  }

  /**
   * The brokers' addresses on the compose network: each broker's advertised listener whose host is
   * not localhost, as a bootstrap list.
   */
  static Optional<String> internalBootstrap(ComposeFile compose) {
    List<String> addresses = new ArrayList<>();
    for (Service broker : brokers(compose)) {
      Matcher m = LISTENER.matcher(broker.environment().get("KAFKA_ADVERTISED_LISTENERS"));
      while (m.find()) {
        if (!m.group(2).equals("localhost")) {
          addresses.add(m.group(2) + ":" + m.group(3));
          break;
        }
      }
    }
    return addresses.isEmpty() ? Optional.empty() : Optional.of(String.join(",", addresses));
  }

  static Optional<String> internalRegistryUrl(ComposeFile compose) {
    return compose.withImage(REGISTRY_IMAGE).stream()
        .findFirst()
        .map(r -> "http://" + r.hostname() + ":" + registryListenerPort(r));
  }

  /**
   * The value a service container gets for a configuration property, through whichever variable
   * sets it.
   */
  static Optional<String> setting(Service service, String property) {
    return service.environment().entrySet().stream()
        .filter(e -> MicronautEnvironment.sets(e.getKey(), property))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static void expect(
      Service service, String property, Optional<String> expected, List<String> problems) {
    Optional<String> actual = setting(service, property);
    if (actual.isEmpty()) {
      problems.add(
          service.name()
              + ": does not set "
              + property
              + "; its default points at localhost, not the compose service");
    } else if (expected.isPresent() && !actual.get().equals(expected.get())) {
      problems.add(
          service.name()
              + ": "
              + property
              + " is "
              + actual.get()
              + ", the compose service is "
              + expected.get());
    }
  }

  private static int registryListenerPort(Service registry) {
    Matcher m =
        LISTENER.matcher(registry.environment().getOrDefault("SCHEMA_REGISTRY_LISTENERS", ""));
    return m.find() ? Integer.parseInt(m.group(3)) : -1;
  }

  /** The port of a key's default (host:port or URL), the same in every module that sets it. */
  private static int defaultPort(
      Collection<ServiceModule> modules, String property, String scheme) {
    Set<Integer> ports =
        modules.stream()
            .flatMap(m -> m.defaultValue(property).stream())
            .map(v -> URI.create(v.contains("://") ? v : scheme + v).getPort())
            .collect(Collectors.toSet());
    if (ports.size() != 1) {
      throw new IllegalStateException(
          "The services disagree on the default port of " + property + ": " + ports);
    }
    return ports.iterator().next();
  }

  /**
   * The apache/kafka service that is the broker (advertises listeners), not a one-shot tool
   * container.
   */
  static Optional<Service> brokerService(ComposeFile compose) {
    return brokers(compose).stream().findFirst();
  }

  /** The apache/kafka services that are brokers, in the file's order. */
  static List<Service> brokers(ComposeFile compose) {
    return compose.withImage(KAFKA_IMAGE).stream()
        .filter(s -> s.environment().containsKey("KAFKA_ADVERTISED_LISTENERS"))
        .toList();
  }
}
