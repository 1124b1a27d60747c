package io.leadpipe.deploy;

import io.leadpipe.deploy.ComposeFile.PortMapping;
import io.leadpipe.deploy.ComposeFile.Service;
import io.leadpipe.deploy.ComposeFile.VolumeMount;
import io.leadpipe.schemas.topics.Topic;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that the compose deployment runs the services the way they are configured and tested:
 * every environment variable is a key the service reads, ports are the defaults, services reach the
 * compose broker and registry, scoring-stream scales out as one application, state sits on volumes,
 * the broker is a KRaft node of our Kafka version with the single-node settings exactly-once needs,
 * and topics are created as the catalogue says. Each check returns its problems, empty when in
 * line.
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
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  /**
   * Broker settings without which a single-node cluster does not serve our services: KRaft roles,
   * no implicit topics (kafka-init creates them with the catalogue's partitions), and internal
   * topics with one replica (exactly_once_v2 applications hang on InitProducerId otherwise;
   * docs/development.md).
   */
  static final Map<String, String> SINGLE_NODE_BROKER =
      Map.of(
          "KAFKA_PROCESS_ROLES", "broker,controller",
          "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false",
          "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
          "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
          "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");

  private static final Pattern CREATE_TOPIC =
      Pattern.compile(
          "^create_topic\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)(?:\\s+(\\d+))?\\s*$", Pattern.MULTILINE);
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
   * Two or more scoring-stream instances: one Streams application, each instance reachable under
   * its own name.
   */
  static List<String> scaleOut(ComposeFile compose) {
    List<String> problems = new ArrayList<>();
    List<Service> instances = compose.builtFrom(SCORING_MODULE);
    if (instances.size() < 2) {
      problems.add(
          SCORING_MODULE
              + ": "
              + instances.size()
              + " instance(s); the deployment shows scale-out with at least two");
    }
    Set<String> applicationIds = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (Service instance : instances) {
      Optional<String> applicationId = setting(instance, SCORING_APPLICATION_ID);
      Optional<String> host = setting(instance, SCORING_ADVERTISED_HOST);
      if (applicationId.isEmpty()) {
        problems.add(
            instance.name()
                + ": sets no "
                + SCORING_APPLICATION_ID
                + "; instances must share it explicitly");
      }
      applicationId.ifPresent(applicationIds::add);
      if (host.isEmpty()) {
        problems.add(
            instance.name()
                + ": sets no "
                + SCORING_ADVERTISED_HOST
                + " (Streams' application.server)");
      } else {
        if (!hosts.add(host.get())) {
          problems.add(
              instance.name()
                  + ": advertises "
                  + host.get()
                  + ", already advertised by another instance");
        }
        if (!host.get().equals(instance.hostname())) {
          problems.add(
              instance.name()
                  + ": advertises "
                  + host.get()
                  + " but is reachable as "
                  + instance.hostname());
        }
      }
    }
    if (applicationIds.size() > 1) {
      problems.add(
          SCORING_MODULE
              + ": instances use different application ids "
              + applicationIds
              + " and would not share the partitions");
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

  /** Every apache/kafka container is our Kafka version; the broker has the single-node settings. */
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
    brokerService(compose)
        .ifPresent(
            broker ->
                SINGLE_NODE_BROKER.forEach(
                    (key, value) -> {
                      String actual = broker.environment().get(key);
                      if (!value.equals(actual)) {
                        problems.add(
                            broker.name()
                                + ": "
                                + key
                                + " is "
                                + actual
                                + ", must be "
                                + value
                                + " on a single node");
                      }
                    }));
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
    Map<String, String> created = new LinkedHashMap<>();
    Matcher m = CREATE_TOPIC.matcher(script);
    while (m.find()) {
      created.put(
          m.group(1),
          m.group(2)
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
                        t.partitions()
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
   * The broker address on the compose network: the advertised listener whose host is not localhost.
   */
  static Optional<String> internalBootstrap(ComposeFile compose) {
    return brokerService(compose)
        .flatMap(
            k -> {
              Matcher m = LISTENER.matcher(k.environment().get("KAFKA_ADVERTISED_LISTENERS"));
              while (m.find()) {
                if (!m.group(2).equals("localhost")) {
                  return Optional.of(m.group(2) + ":" + m.group(3));
                }
              }
              return Optional.empty();
            });
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
    return compose.withImage(KAFKA_IMAGE).stream()
        .filter(s -> s.environment().containsKey("KAFKA_ADVERTISED_LISTENERS"))
        .findFirst();
  }
}
