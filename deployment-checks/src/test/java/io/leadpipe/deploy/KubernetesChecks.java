package io.leadpipe.deploy;

import io.leadpipe.deploy.ComposeFile.Service;
import io.leadpipe.deploy.KubernetesManifests.Manifest;
import io.leadpipe.schemas.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Checks that the Kubernetes manifests load into the maintained models without an unknown field,
 * that the kustomizations list them, that the Kafka cluster and its topics are what the catalogue
 * and the compose cluster say, and that each service runs as its configuration expects: keys it
 * reads, secrets from the Secret, production mode, its real health endpoints, resources, stable
 * instance names and state on persistent volumes, a disruption budget. Each check returns its
 * problems, empty when in line.
 */
final class KubernetesChecks {

  static final String SECRET_NAME = "leadpipe-secrets";
  static final String READINESS = "/health/readiness";
  static final String LIVENESS = "/health/liveness";
  static final String PRODUCTION_MODE = "production";
  static final String MODE_VARIABLE = "LEADPIPE_MODE";
  static final String POD_NAME_FIELD = "metadata.name";

  /** Broker settings of the Strimzi cluster: the compose cluster's, in Kafka's own names. */
  static final Map<String, String> KAFKA_CONFIG =
      Map.of(
          "default.replication.factor", Integer.toString(ComposeChecks.REPLICATION_FACTOR),
          "min.insync.replicas", Integer.toString(ComposeChecks.MIN_INSYNC_REPLICAS),
          "offsets.topic.replication.factor", Integer.toString(ComposeChecks.REPLICATION_FACTOR),
          "transaction.state.log.replication.factor",
              Integer.toString(ComposeChecks.REPLICATION_FACTOR),
          "transaction.state.log.min.isr", Integer.toString(ComposeChecks.MIN_INSYNC_REPLICAS),
          "auto.create.topics.enable", "false",
          "unclean.leader.election.enable", "false");

  private static final Pattern SECRET_REFERENCE = Pattern.compile("^\\$\\{(\\w+):\\?");
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\((\\w+)\\)");

  private KubernetesChecks() {}

  /** Every manifest loads into fabric8's or Strimzi's model, with no field the model lacks. */
  static List<String> unknownFields(KubernetesManifests manifests) {
    List<String> problems = new ArrayList<>();
    for (Manifest m : manifests.all()) {
      problems.addAll(KubernetesModel.load(m.yaml(), m.file() + "#" + m.index()).problems());
    }
    return problems;
  }

  /** Each kustomization's resources exist, and the base lists every manifest file beside it. */
  static List<String> kustomizations(Path root) {
    List<String> problems = new ArrayList<>();
    Set<Path> listed = new HashSet<>();
    for (Path file : KubernetesManifests.yamlFiles(root)) {
      if (!file.getFileName().toString().equals(KubernetesManifests.KUSTOMIZATION)) {
        continue;
      }
      Map<String, Object> kustomization = Yamls.parseMap(Repository.read(file));
      for (Object resource : Yamls.asList(kustomization.get("resources"), file + " resources")) {
        Path target = file.getParent().resolve(String.valueOf(resource)).normalize();
        listed.add(target);
        if (!Files.exists(target)) {
          problems.add(root.relativize(file) + ": resource " + resource + " does not exist");
        }
      }
    }
    for (Path file : KubernetesManifests.yamlFiles(root)) {
      if (!file.getFileName().toString().equals(KubernetesManifests.KUSTOMIZATION)
          && !listed.contains(file.normalize())) {
        problems.add(root.relativize(file) + ": no kustomization lists it");
      }
    }
    return problems;
  }

  /** The committed topics are exactly the generator's output for the catalogue. */
  static List<String> topicsGenerated(String committed, String generated) {
    if (committed.equals(generated)) {
      return List.of();
    }
    String[] a = committed.split("\n", -1);
    String[] b = generated.split("\n", -1);
    int line = 0;
    while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
      line++;
    }
    return List.of(
        KafkaTopicManifests.BASE_FILE
            + " differs from the catalogue's generated topics at line "
            + (line + 1)
            + ": '"
            + (line < a.length ? a[line] : "<end>")
            + "', generated '"
            + (line < b.length ? b[line] : "<end>")
            + "' (run deploy/kubernetes/generate-topics)");
  }

  /**
   * One KafkaTopic per catalogue topic, of the cluster, with the deployment's partitions, three
   * replicas, its cleanup policy, min ISR 2 and retention; no other topic.
   */
  static List<String> topics(
      KubernetesManifests manifests, Collection<Topic<?>> catalogue, int visitorPartitions) {
    List<String> problems = new ArrayList<>();
    Map<String, Manifest> byTopic = new HashMap<>();
    for (Manifest m : manifests.ofKind("KafkaTopic")) {
      String topic = Yamls.text(m.yaml(), "spec", "topicName").orElse(m.name());
      if (byTopic.put(topic, m) != null) {
        problems.add(m.where() + ": a second KafkaTopic for " + topic);
      }
      String cluster = Yamls.text(m.yaml(), "metadata", "labels", "strimzi.io/cluster").orElse("");
      if (manifests.find("Kafka", cluster).isEmpty()) {
        problems.add(m.where() + ": strimzi.io/cluster '" + cluster + "' is no Kafka resource");
      }
    }
    for (Topic<?> topic : catalogue) {
      Manifest m = byTopic.remove(topic.name());
      if (m == null) {
        problems.add("no KafkaTopic for " + topic.name());
        continue;
      }
      expect(
          problems,
          m.where() + " partitions",
          Integer.toString(KafkaTopicManifests.partitions(topic, visitorPartitions)),
          Yamls.text(m.yaml(), "spec", "partitions"));
      expect(
          problems,
          m.where() + " replicas",
          Integer.toString(ComposeChecks.REPLICATION_FACTOR),
          Yamls.text(m.yaml(), "spec", "replicas"));
      Map<String, Object> config =
          Yamls.asMap(Yamls.at(m.yaml(), "spec", "config").orElse(null), m.where());
      Map<String, String> actual = new LinkedHashMap<>();
      config.forEach((k, v) -> actual.put(k, String.valueOf(v)));
      expect(
          problems,
          m.where() + " config",
          KafkaTopicManifests.config(topic).toString(),
          Optional.of(actual.toString()));
    }
    byTopic.forEach(
        (topic, m) -> problems.add(m.where() + ": " + topic + " is not in Topics.all()"));
    return problems;
  }

  /**
   * The Kafka cluster: KRaft node pools of it with at least three brokers and three controllers,
   * rack awareness, the replication settings, and the bootstrap address the services use.
   */
  static List<String> kafkaCluster(KubernetesManifests manifests) {
    List<String> problems = new ArrayList<>();
    Optional<Manifest> kafka = manifests.find("Kafka", KafkaTopicManifests.CLUSTER);
    if (kafka.isEmpty()) {
      problems.add("no Kafka resource named " + KafkaTopicManifests.CLUSTER);
      return problems;
    }
    int brokers = 0;
    int controllers = 0;
    for (Manifest pool : manifests.ofKind("KafkaNodePool")) {
      String cluster =
          Yamls.text(pool.yaml(), "metadata", "labels", "strimzi.io/cluster").orElse("");
      if (!cluster.equals(KafkaTopicManifests.CLUSTER)) {
        problems.add(pool.where() + ": strimzi.io/cluster '" + cluster + "' is no Kafka resource");
        continue;
      }
      int replicas = Integer.parseInt(Yamls.text(pool.yaml(), "spec", "replicas").orElse("0"));
      List<Object> roles =
          Yamls.asList(Yamls.at(pool.yaml(), "spec", "roles").orElse(null), "roles");
      brokers += roles.contains("broker") ? replicas : 0;
      controllers += roles.contains("controller") ? replicas : 0;
    }
    if (brokers < ComposeChecks.BROKERS || controllers < ComposeChecks.BROKERS) {
      problems.add(
          "node pools of "
              + KafkaTopicManifests.CLUSTER
              + " have "
              + brokers
              + " broker(s) and "
              + controllers
              + " controller(s); the cluster needs at least "
              + ComposeChecks.BROKERS
              + " of each");
    }
    Map<String, Object> spec = kafka.get().yaml();
    if (Yamls.text(spec, "spec", "kafka", "rack", "topologyKey").orElse("").isBlank()) {
      problems.add(kafka.get().where() + ": no rack topologyKey (replicas would share a zone)");
    }
    Map<String, Object> config =
        Yamls.asMap(Yamls.at(spec, "spec", "kafka", "config").orElse(null), "config");
    KAFKA_CONFIG.forEach(
        (key, value) -> {
          String actual = String.valueOf(config.get(key));
          if (!value.equals(actual)) {
            problems.add(kafka.get().where() + ": " + key + " is " + actual + ", must be " + value);
          }
        });
    return problems;
  }

  /** {@code <cluster>-kafka-bootstrap:<port>} of the Kafka resource's plain internal listener. */
  static Optional<String> bootstrap(KubernetesManifests manifests) {
    return manifests
        .find("Kafka", KafkaTopicManifests.CLUSTER)
        .flatMap(
            k ->
                Yamls.asList(Yamls.at(k.yaml(), "spec", "kafka", "listeners").orElse(null), "")
                    .stream()
                    .map(l -> Yamls.asMap(l, "listener"))
                    .filter(l -> "internal".equals(l.get("type")))
                    .filter(l -> !Boolean.TRUE.equals(l.get("tls")))
                    .findFirst()
                    .map(l -> k.name() + "-kafka-bootstrap:" + l.get("port")));
  }

  /**
   * Each service runs from its image as it is configured: every environment variable is a key it
   * reads, it reaches the cluster's bootstrap and the registry Service, runs in production mode,
   * probes its real readiness and liveness endpoints, has requests and limits, two or more
   * instances, a disruption budget, and, for a Streams service, a StatefulSet with its state on a
   * volume claim and instance names taken from the pod's own name.
   */
  static List<String> workloads(KubernetesManifests manifests, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Optional<String> bootstrap = bootstrap(manifests);
    for (ServiceModule module : modules) {
      List<Manifest> workloads =
          manifests.all().stream()
              .filter(m -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet"))
              .filter(m -> container(m, module).isPresent())
              .toList();
      if (workloads.size() != 1) {
        problems.add(
            module.name() + ": " + workloads.size() + " workloads run its image, expected one");
        continue;
      }
      Manifest workload = workloads.get(0);
      Map<String, Object> container = container(workload, module).orElseThrow();
      String where = workload.where();
      Map<String, Map<String, Object>> env = environment(container);

      int replicas = Integer.parseInt(Yamls.text(workload.yaml(), "spec", "replicas").orElse("1"));
      if (replicas < ComposeChecks.MIN_INSTANCES) {
        problems.add(
            where + ": " + replicas + " replica(s); run at least " + ComposeChecks.MIN_INSTANCES);
      }
      knownEnvironment(module, env, where, problems);
      if (module.placeholderVariables().contains(MODE_VARIABLE)) {
        expectValue(problems, where, env, MODE_VARIABLE, PRODUCTION_MODE);
      }
      bootstrap.ifPresent(
          b -> expectSetting(problems, where, env, ComposeChecks.BOOTSTRAP_PROPERTY, b));
      registryService(manifests)
          .ifPresent(r -> expectSetting(problems, where, env, ComposeChecks.REGISTRY_PROPERTY, r));
      probes(module, container, where, problems);
      resources(container, where, problems);
      disruptionBudget(manifests, workload, problems);
      if (ComposeChecks.APPLICATION_ID.containsKey(module.name())) {
        streamsService(manifests, module, workload, container, env, problems);
      }
    }
    return problems;
  }

  /**
   * Every secret a service gets in the compose file ({@code ${SECRET:?...}}) it gets here from the
   * Secret under the same key, never as a value; no Secret with values and no demo secret is
   * committed; the overlay's secret file is ignored by git.
   */
  static List<String> secrets(
      KubernetesManifests manifests, ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    for (ServiceModule module : modules) {
      Map<String, String> expected = new LinkedHashMap<>();
      for (Service service : compose.builtFrom(module.name())) {
        service
            .environment()
            .forEach(
                (variable, value) -> {
                  Matcher m = SECRET_REFERENCE.matcher(value);
                  if (m.find()) {
                    expected.put(variable, m.group(1));
                  }
                });
      }
      for (Manifest workload : manifests.all()) {
        Optional<Map<String, Object>> container = container(workload, module);
        if (container.isEmpty()) {
          continue;
        }
        Map<String, Map<String, Object>> env = environment(container.get());
        expected.forEach(
            (variable, key) -> {
              Map<String, Object> entry = env.get(variable);
              String secretName =
                  entry == null
                      ? ""
                      : Yamls.text(entry, "valueFrom", "secretKeyRef", "name").orElse("");
              String secretKey =
                  entry == null
                      ? ""
                      : Yamls.text(entry, "valueFrom", "secretKeyRef", "key").orElse("");
              boolean optional =
                  entry != null
                      && Boolean.TRUE.equals(
                          Yamls.at(entry, "valueFrom", "secretKeyRef", "optional").orElse(false));
              if (!secretName.equals(SECRET_NAME) || !secretKey.equals(key) || optional) {
                problems.add(
                    workload.where()
                        + ": "
                        + variable
                        + " must come from Secret "
                        + SECRET_NAME
                        + " key "
                        + key
                        + " (required)");
              }
            });
      }
    }
    for (Manifest secret : manifests.ofKind("Secret")) {
      problems.add(
          secret.where() + ": a committed Secret; generate it from a file that is not committed");
    }
    for (Path file : KubernetesManifests.yamlFiles(Repository.root())) {
      String text = Repository.read(file);
      for (String demo : ComposeSecrets.DEMO_SECRETS) {
        if (text.contains(demo)) {
          problems.add(Repository.root().relativize(file) + ": demo secret '" + demo + "'");
        }
      }
    }
    return problems;
  }

  private static void streamsService(
      KubernetesManifests manifests,
      ServiceModule module,
      Manifest workload,
      Map<String, Object> container,
      Map<String, Map<String, Object>> env,
      List<String> problems) {
    String where = workload.where();
    if (!workload.kind().equals("StatefulSet")) {
      problems.add(where + ": a Streams service runs as a StatefulSet (state volume, stable name)");
      return;
    }
    String applicationIdKey = ComposeChecks.APPLICATION_ID.get(module.name());
    if (setting(env, applicationIdKey).isEmpty()) {
      problems.add(
          where + ": sets no " + applicationIdKey + "; instances must share it explicitly");
    }
    String serviceName = Yamls.text(workload.yaml(), "spec", "serviceName").orElse("");
    Optional<Manifest> headless = manifests.find("Service", serviceName);
    if (headless.isEmpty()
        || !"None".equals(Yamls.text(headless.get().yaml(), "spec", "clusterIP").orElse(""))
        || !selects(headless.get(), workload)) {
      problems.add(
          where + ": serviceName " + serviceName + " is no headless Service selecting its pods");
    }
    String podName =
        env.entrySet().stream()
            .filter(
                e ->
                    POD_NAME_FIELD.equals(
                        Yamls.text(e.getValue(), "valueFrom", "fieldRef", "fieldPath").orElse("")))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("<none>");
    String identityKey = ComposeChecks.INSTANCE_IDENTITY.get(module.name());
    Optional<String> identity =
        ComposeChecks.isVariable(identityKey) ? value(env, identityKey) : setting(env, identityKey);
    String expected =
        identityKey.endsWith("advertised-host")
            ? "$(" + podName + ")." + serviceName
            : "$(" + podName + ")";
    if (!identity.equals(Optional.of(expected))) {
      problems.add(
          where
              + ": "
              + identityKey
              + " is "
              + identity.orElse("unset")
              + ", must be "
              + expected
              + " (the pod's own, stable name"
              + (expected.contains(".") ? " under its headless Service)" : ")"));
    }
    if (module.name().equals(ComposeChecks.SCORING_MODULE)) {
      String standbys =
          systemProperties(env).getOrDefault(ComposeChecks.SCORING_STANDBY_REPLICAS, "");
      if (!standbys.matches("[1-9]\\d*")) {
        problems.add(
            where
                + ": "
                + ComposeChecks.JVM_OPTIONS
                + " sets no -D"
                + ComposeChecks.SCORING_STANDBY_REPLICAS
                + "=1 (or more)");
      }
    }
    Set<String> claims = new HashSet<>();
    for (Object claim :
        Yamls.asList(
            Yamls.at(workload.yaml(), "spec", "volumeClaimTemplates").orElse(null), where)) {
      Yamls.text(Yamls.asMap(claim, where), "metadata", "name").ifPresent(claims::add);
    }
    List<Map<String, Object>> mounts =
        Yamls.asList(container.get("volumeMounts"), where).stream()
            .map(v -> Yamls.asMap(v, where))
            .filter(v -> claims.contains(String.valueOf(v.get("name"))))
            .toList();
    module.configProperties().stream()
        .map(ServiceModule.ConfigProperty::name)
        .filter(n -> n.endsWith(ComposeChecks.STATE_DIR_SUFFIX) && !n.contains("*"))
        .forEach(
            key -> {
              Optional<String> dir = setting(env, key);
              boolean onClaim =
                  dir.isPresent()
                      && mounts.stream()
                          .map(v -> String.valueOf(v.get("mountPath")))
                          .anyMatch(p -> dir.get().equals(p) || dir.get().startsWith(p + "/"));
              if (!onClaim) {
                problems.add(
                    where
                        + ": state directory "
                        + key
                        + " ("
                        + dir.orElse("unset")
                        + ") is not on a volume claim of its own");
              }
            });
  }

  private static void knownEnvironment(
      ServiceModule module,
      Map<String, Map<String, Object>> env,
      String where,
      List<String> problems) {
    Set<String> substituted = new HashSet<>();
    env.values()
        .forEach(
            e -> {
              Matcher m = SUBSTITUTION.matcher(String.valueOf(e.getOrDefault("value", "")));
              while (m.find()) {
                substituted.add(m.group(1));
              }
            });
    env.keySet()
        .forEach(
            variable -> {
              boolean known =
                  ComposeChecks.JVM_VARIABLES.contains(variable)
                      || substituted.contains(variable)
                      || module.placeholderVariables().contains(variable)
                      || MicronautEnvironment.propertyNames(variable).stream()
                          .anyMatch(module::knowsProperty);
              if (!known) {
                problems.add(
                    where
                        + ": environment "
                        + variable
                        + " sets no configuration key of "
                        + module.name());
              }
            });
    systemProperties(env).keySet().stream()
        .filter(p -> !module.knowsProperty(p))
        .forEach(
            p ->
                problems.add(
                    where
                        + ": "
                        + ComposeChecks.JVM_OPTIONS
                        + " sets -D"
                        + p
                        + ", no configuration key of "
                        + module.name()));
  }

  private static void probes(
      ServiceModule module, Map<String, Object> container, String where, List<String> problems) {
    int port = module.defaultHttpPort();
    Map<String, Integer> ports = new HashMap<>();
    for (Object p : Yamls.asList(container.get("ports"), where)) {
      Map<String, Object> spec = Yamls.asMap(p, where);
      ports.put(
          String.valueOf(spec.get("name")),
          Integer.parseInt(String.valueOf(spec.get("containerPort"))));
    }
    if (!ports.containsValue(port)) {
      problems.add(where + ": exposes no container port " + port + " (" + module.name() + "'s)");
    }
    Map<String, String> wanted =
        Map.of("readinessProbe", READINESS, "livenessProbe", LIVENESS, "startupProbe", LIVENESS);
    wanted.forEach(
        (probe, path) -> {
          Map<String, Object> httpGet =
              Yamls.asMap(Yamls.at(container, probe, "httpGet").orElse(null), probe);
          String actualPath = String.valueOf(httpGet.get("path"));
          String portRef = String.valueOf(httpGet.get("port"));
          Integer actualPort =
              ports.containsKey(portRef) ? ports.get(portRef) : parseOrNull(portRef);
          if (!path.equals(actualPath) || actualPort == null || actualPort != port) {
            problems.add(
                where
                    + ": "
                    + probe
                    + " gets "
                    + actualPath
                    + " on "
                    + portRef
                    + ", must get "
                    + path
                    + " on "
                    + port);
          }
        });
  }

  private static void resources(
      Map<String, Object> container, String where, List<String> problems) {
    for (String bound : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (Yamls.at(container, "resources", bound, resource).isEmpty()) {
          problems.add(where + ": no " + resource + " " + bound);
        }
      }
    }
  }

  private static void disruptionBudget(
      KubernetesManifests manifests, Manifest workload, List<String> problems) {
    boolean covered =
        manifests.ofKind("PodDisruptionBudget").stream().anyMatch(pdb -> selects(pdb, workload));
    if (!covered) {
      problems.add(workload.where() + ": no PodDisruptionBudget selects its pods");
    }
  }

  /** Whether a Service's or budget's selector matches the workload's pod labels. */
  private static boolean selects(Manifest selector, Manifest workload) {
    Map<String, Object> labels =
        Yamls.asMap(
            Yamls.at(workload.yaml(), "spec", "template", "metadata", "labels").orElse(null),
            "labels");
    Map<String, Object> wanted =
        Yamls.asMap(
            Yamls.at(selector.yaml(), "spec", "selector", "matchLabels")
                .or(() -> Yamls.at(selector.yaml(), "spec", "selector"))
                .orElse(null),
            "selector");
    return !wanted.isEmpty()
        && wanted.entrySet().stream()
            .allMatch(
                e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
  }

  private static Optional<String> registryService(KubernetesManifests manifests) {
    return manifests.all().stream()
        .filter(m -> m.kind().equals("Deployment"))
        .filter(
            m ->
                containers(m).stream()
                    .anyMatch(
                        c ->
                            String.valueOf(c.get("image"))
                                .startsWith(ComposeChecks.REGISTRY_IMAGE + ":")))
        .findFirst()
        .flatMap(
            registry ->
                manifests.ofKind("Service").stream()
                    .filter(s -> selects(s, registry))
                    .filter(
                        s -> !"None".equals(Yamls.text(s.yaml(), "spec", "clusterIP").orElse("")))
                    .findFirst())
        .map(
            s -> {
              Object port =
                  Yamls.asMap(
                          Yamls.asList(Yamls.at(s.yaml(), "spec", "ports").orElse(null), "ports")
                              .get(0),
                          "port")
                      .get("port");
              return "http://" + s.name() + ":" + port;
            });
  }

  private static List<Map<String, Object>> containers(Manifest workload) {
    return Yamls.asList(
            Yamls.at(workload.yaml(), "spec", "template", "spec", "containers").orElse(null),
            workload.where())
        .stream()
        .map(c -> Yamls.asMap(c, workload.where()))
        .toList();
  }

  /** The workload's container that runs the module's image ({@code leadpipe/<module>:<tag>}). */
  private static Optional<Map<String, Object>> container(Manifest workload, ServiceModule module) {
    if (!workload.kind().equals("Deployment") && !workload.kind().equals("StatefulSet")) {
      return Optional.empty();
    }
    return containers(workload).stream()
        .filter(c -> String.valueOf(c.get("image")).startsWith("leadpipe/" + module.name() + ":"))
        .findFirst();
  }

  private static Map<String, Map<String, Object>> environment(Map<String, Object> container) {
    Map<String, Map<String, Object>> env = new LinkedHashMap<>();
    for (Object entry : Yamls.asList(container.get("env"), "env")) {
      Map<String, Object> e = Yamls.asMap(entry, "env");
      env.put(String.valueOf(e.get("name")), e);
    }
    return env;
  }

  private static Optional<String> value(Map<String, Map<String, Object>> env, String variable) {
    return Optional.ofNullable(env.get(variable))
        .flatMap(e -> Optional.ofNullable(e.get("value")))
        .map(String::valueOf);
  }

  private static Optional<String> setting(Map<String, Map<String, Object>> env, String property) {
    return env.keySet().stream()
        .filter(v -> MicronautEnvironment.sets(v, property))
        .findFirst()
        .flatMap(v -> value(env, v));
  }

  private static Map<String, String> systemProperties(Map<String, Map<String, Object>> env) {
    return ComposeChecks.systemProperties(value(env, ComposeChecks.JVM_OPTIONS).orElse(""));
  }

  private static void expectValue(
      List<String> problems,
      String where,
      Map<String, Map<String, Object>> env,
      String variable,
      String expected) {
    Optional<String> actual = value(env, variable);
    if (!actual.equals(Optional.of(expected))) {
      problems.add(
          where + ": " + variable + " is " + actual.orElse("unset") + ", must be " + expected);
    }
  }

  private static void expectSetting(
      List<String> problems,
      String where,
      Map<String, Map<String, Object>> env,
      String property,
      String expected) {
    Optional<String> actual = setting(env, property);
    if (!actual.equals(Optional.of(expected))) {
      problems.add(
          where + ": " + property + " is " + actual.orElse("unset") + ", must be " + expected);
    }
  }

  private static void expect(
      List<String> problems, String what, String expected, Optional<String> actual) {
    if (!actual.equals(Optional.of(expected))) {
      problems.add(what + " is " + actual.orElse("unset") + ", the catalogue says " + expected);
    }
  }

  private static Integer parseOrNull(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
