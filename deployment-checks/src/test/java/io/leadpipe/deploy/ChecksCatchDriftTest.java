package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check catches the drift it is there for: the real files, changed the way they would drift,
 * give a problem that names it. Without these, a check that always answers "no problems" would pass
 * unnoticed.
 */
class ChecksCatchDriftTest {

  private static List<ServiceModule> services;
  private static String composeYaml;

  @BeforeAll
  static void load() {
    services = Deployment.services();
    composeYaml = Repository.read(Repository.COMPOSE_FILE);
  }

  /**
   * The real text with one change; fails if the text to change is not there (the test would prove
   * nothing).
   */
  static String change(String text, String regex, String replacement) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("the files should contain /%s/", regex).isTrue();
    return m.replaceFirst(replacement);
  }

  static ComposeFile composeWith(String regex, String replacement) {
    return ComposeFile.parse(change(composeYaml, regex, replacement));
  }

  @Nested
  class Compose {

    @Test
    void renamedEnvironmentVariable() {
      ComposeFile drifted =
          composeWith("LEADPIPE_NOTIFIER_STATE_DIR:", "LEADPIPE_NOTIFIER_STATE_DIRECTORY:");

      assertThat(ComposeChecks.unknownEnvironment(drifted, services))
          .anyMatch(
              p ->
                  p.startsWith(
                      "notifier-service-1: environment LEADPIPE_NOTIFIER_STATE_DIRECTORY"));
    }

    @Test
    void serviceOnAnotherPort() {
      ComposeFile drifted = composeWith("\"8080:8080\"", "\"8080:8081\"");

      assertThat(ComposeChecks.portsOffDefaults(drifted, services))
          .anyMatch(p -> p.startsWith("ingest-service-1: publishes no port to 8080"));
    }

    @Test
    void registryOffItsDefaultPort() {
      ComposeFile drifted = composeWith("\"8081:8081\"", "\"18081:8081\"");

      assertThat(ComposeChecks.portsOffDefaults(drifted, services))
          .anyMatch(p -> p.contains("not published on 8081:8081"));
    }

    @Test
    void serviceLeftOnLocalhostBroker() {
      ComposeFile drifted =
          composeWith(
              "(x-scoring-environment:[\\s\\S]*?)KAFKA_BOOTSTRAP_SERVERS: \\S+",
              "$1KAFKA_BOOTSTRAP_SERVERS: localhost:9092");

      assertThat(ComposeChecks.connections(drifted, services))
          .anyMatch(
              p -> p.startsWith("scoring-stream-1: kafka.bootstrap.servers is localhost:9092"));
    }

    @Test
    void serviceKnowingOnlyOneBroker() {
      ComposeFile drifted =
          composeWith(
              "(x-notifier-environment:[\\s\\S]*?)KAFKA_BOOTSTRAP_SERVERS: \\S+",
              "$1KAFKA_BOOTSTRAP_SERVERS: kafka-1:19092");

      assertThat(ComposeChecks.connections(drifted, services))
          .anyMatch(
              p ->
                  p.equals(
                      "notifier-service-1: kafka.bootstrap.servers is kafka-1:19092, the compose"
                          + " service is kafka-1:19092,kafka-2:19092,kafka-3:19092"));
    }

    @Test
    void serviceWithoutRegistryUrl() {
      ComposeFile drifted =
          composeWith(
              "(x-ingest-environment:[\\s\\S]*?)  LEADPIPE_SCHEMA_REGISTRY_URL: http://schema-registry:8081\n",
              "$1");

      assertThat(ComposeChecks.connections(drifted, services))
          .anyMatch(
              p -> p.startsWith("ingest-service-2: does not set leadpipe.schema-registry.url"));
    }

    @Test
    void twoInstancesAdvertisingTheSameHost() {
      ComposeFile drifted =
          composeWith("ADVERTISED_HOST: scoring-stream-2", "ADVERTISED_HOST: scoring-stream-1");

      assertThat(ComposeChecks.scaleOut(drifted, services))
          .anyMatch(p -> p.startsWith("scoring-stream-2: advertises scoring-stream-1"));
    }

    @Test
    void twoNotifierInstancesWithOneGroupMemberId() {
      ComposeFile drifted =
          composeWith(
              "NOTIFIER_INSTANCE_ID: notifier-service-2",
              "NOTIFIER_INSTANCE_ID: notifier-service-1");

      assertThat(ComposeChecks.scaleOut(drifted, services))
          .anyMatch(p -> p.startsWith("notifier-service-2: advertises notifier-service-1"));
    }

    @Test
    void instancesWithDifferentApplicationIds() {
      ComposeFile drifted =
          composeWith(
              "(ADVERTISED_HOST: scoring-stream-2\n)",
              "$1      LEADPIPE_SCORING_STREAMS_APPLICATION_ID: leadpipe-scoring-2\n");

      assertThat(ComposeChecks.scaleOut(drifted, services))
          .anyMatch(p -> p.startsWith("scoring-stream: instances use different application ids"));
    }

    @Test
    void onlyOneScoringInstance() {
      ComposeFile drifted =
          composeWith("(?s)\n  hesitation-stream-2:.*?(\n  # NOTIFIER_INSTANCE_ID)", "$1");

      assertThat(ComposeChecks.scaleOut(drifted, services))
          .anyMatch(p -> p.startsWith("hesitation-stream: 1 instance(s)"));
    }

    @Test
    void scoringWithoutStandbyReplicas() {
      ComposeFile drifted = composeWith("(properties\\.num\\.standby\\.replicas=)1", "$10");

      assertThat(ComposeChecks.standbyReplicas(drifted))
          .anyMatch(p -> p.startsWith("scoring-stream-1: JAVA_TOOL_OPTIONS sets no -D"));
    }

    @Test
    void misspelledSystemProperty() {
      ComposeFile drifted = composeWith("streams\\.properties\\.num", "streams.property.num");

      assertThat(ComposeChecks.unknownEnvironment(drifted, services))
          .anyMatch(
              p ->
                  p.startsWith(
                      "scoring-stream-1: JAVA_TOOL_OPTIONS sets"
                          + " -Dleadpipe.scoring.streams.property.num.standby.replicas"));
    }

    @Test
    void twoContainersOnOneHostPort() {
      ComposeFile drifted = composeWith("\"8093:8083\"", "\"8083:8083\"");

      assertThat(ComposeChecks.hostPortsTaken(drifted))
          .contains(
              "notifier-service-2: host port 8083 is already published by notifier-service-1");
    }

    @Test
    void instancesSharingAStateVolume() {
      ComposeFile drifted = composeWith("- scoring-state-2:/", "- scoring-state-1:/");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(p -> p.startsWith("scoring-stream-2: shares state volume scoring-state-1"));
    }

    @Test
    void stateDirectoryNotOnAVolume() {
      ComposeFile drifted =
          composeWith("- notifier-state-2:/var/lib/leadpipe/state", "- notifier-state-2:/data");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(
              p -> p.startsWith("notifier-service-2: state directory /var/lib/leadpipe/state"));
    }

    @Test
    void stateDirectoryLeftAtItsDefault() {
      ComposeFile drifted =
          composeWith("  LEADPIPE_NOTIFIER_STATE_DIR: /var/lib/leadpipe/state\n", "");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(
              p -> p.startsWith("notifier-service-1: does not set leadpipe.notifier.state-dir"));
    }

    @Test
    void brokerImageBehindTheBuildsKafkaVersion() {
      ComposeFile drifted = composeWith("apache/kafka:4\\.1\\.2", "apache/kafka:4.0.0");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .anyMatch(p -> p.contains("apache/kafka:4.0.0"));
    }

    @Test
    void brokersWithoutTheTransactionStateSettings() {
      ComposeFile drifted =
          composeWith(
              "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .contains("kafka-3: KAFKA_TRANSACTION_STATE_LOG_MIN_ISR is 1, must be 2");
    }

    @Test
    void twoBrokersOnOneRack() {
      ComposeFile drifted = composeWith("KAFKA_BROKER_RACK: rack-2", "KAFKA_BROKER_RACK: rack-1");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .anyMatch(
              p -> p.startsWith("kafka-2: KAFKA_BROKER_RACK rack-1 is not a rack of its own"));
    }

    @Test
    void brokerMissingFromTheQuorum() {
      ComposeFile drifted = composeWith(",3@kafka-3:9093", "");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .anyMatch(p -> p.startsWith("kafka-3: not a voter of KAFKA_CONTROLLER_QUORUM_VOTERS"));
    }

    @Test
    void onlyTwoBrokers() {
      ComposeFile drifted = composeWith("(?s)\n  kafka-3:.*?(\n  # One-shot)", "$1");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .contains("2 broker(s); the cluster needs at least 3");
    }

    @Test
    void topicsCreatedWithOneReplica() {
      ComposeFile drifted = composeWith("(\n      REPLICATION_FACTOR: )3", "$11");

      assertThat(
              ComposeChecks.topicCreation(
                  drifted,
                  Repository.read(Repository.TOPIC_SCRIPT),
                  Repository.TOPIC_SCRIPT,
                  Topics.all()))
          .contains("kafka-init: REPLICATION_FACTOR is 1, must be 3");
    }

    @Test
    void visitorPartitionsDefaultingToAnotherCount() {
      ComposeFile drifted =
          composeWith("LEADPIPE_VISITOR_PARTITIONS:-24", "LEADPIPE_VISITOR_PARTITIONS:-6");

      assertThat(
              ComposeChecks.topicCreation(
                  drifted,
                  Repository.read(Repository.TOPIC_SCRIPT),
                  Repository.TOPIC_SCRIPT,
                  Topics.all()))
          .contains(
              "kafka-init: VISITOR_PARTITIONS is ${LEADPIPE_VISITOR_PARTITIONS:-6}, must be"
                  + " ${LEADPIPE_VISITOR_PARTITIONS:-24}");
    }

    @Test
    void topicInitNotRunningTheScript() {
      ComposeFile drifted =
          composeWith("/opt/leadpipe/create-topics.sh\"]", "/opt/leadpipe/other.sh\"]");

      assertThat(
              ComposeChecks.topicCreation(
                  drifted,
                  Repository.read(Repository.TOPIC_SCRIPT),
                  Repository.TOPIC_SCRIPT,
                  Topics.all()))
          .anyMatch(p -> p.startsWith("kafka-init: mounts the topic script"));
    }
  }

  @Nested
  class TopicScript {
    private final String script = Repository.read(Repository.TOPIC_SCRIPT);

    private List<String> problems(String regex, String replacement) {
      return ComposeChecks.topicCreation(
          Deployment.compose(),
          change(script, regex, replacement),
          Repository.TOPIC_SCRIPT,
          Topics.all());
    }

    @Test
    void wrongPartitions() {
      assertThat(problems("(?<prefix>create_topic leadpipe\\.dead-letters\\s+)3", "${prefix}6"))
          .anyMatch(p -> p.contains("creates leadpipe.dead-letters with 6 partitions"));
    }

    @Test
    void wrongCleanupPolicy() {
      assertThat(
              problems(
                  "(create_topic leadpipe\\.prospect-profiles\\s+\\S+\\s+)compact", "$1delete"))
          .anyMatch(
              p ->
                  p.contains(
                      "leadpipe.prospect-profiles with VISITOR_PARTITIONS partitions,"
                          + " cleanup.policy=delete"));
    }

    @Test
    void visitorTopicWithAFixedPartitionCount() {
      assertThat(
              problems("(create_topic leadpipe\\.hesitations\\s+)\"\\$VISITOR_PARTITIONS\"", "$16"))
          .anyMatch(
              p ->
                  p.contains(
                      "creates leadpipe.hesitations with 6 partitions, cleanup.policy=delete, the"
                          + " catalogue says VISITOR_PARTITIONS partitions"));
    }

    @Test
    void missingTopic() {
      assertThat(problems("create_topic leadpipe\\.segment-definitions.*\n", ""))
          .anyMatch(p -> p.contains("does not create leadpipe.segment-definitions"));
    }

    @Test
    void topicNotInTheCatalogue() {
      assertThat(
              problems(
                  "(create_topic leadpipe\\.dead-letters.*\n)",
                  "$1create_topic leadpipe.unknown 1 delete\n"))
          .anyMatch(p -> p.contains("creates leadpipe.unknown, which is not in Topics.all()"));
    }
  }

  @Nested
  class Dockerfiles {
    private final ServiceModule ingest = ServiceModule.load(Repository.root(), "ingest-service");
    private final String dockerfile = Repository.read("ingest-service/Dockerfile");

    private List<String> problems(String regex, String replacement) {
      return DockerfileChecks.check(
          ingest, Dockerfile.parse(change(dockerfile, regex, replacement)), "17");
    }

    @Test
    void mainClassThatDoesNotExist() {
      assertThat(
              problems(
                  "io\\.leadpipe\\.ingest\\.IngestApplication", "io.leadpipe.ingest.IngestMain"))
          .anyMatch(p -> p.contains("io.leadpipe.ingest.IngestMain, which is not a main class"));
    }

    @Test
    void otherPort() {
      assertThat(problems("EXPOSE 8080", "EXPOSE 8088"))
          .anyMatch(p -> p.contains("does not EXPOSE 8080"));
      assertThat(problems("localhost:8080/health/readiness", "localhost:8080/health"))
          .anyMatch(p -> p.contains("HEALTHCHECK does not ask localhost:8080/health/readiness"));
    }

    @Test
    void runningAsRoot() {
      assertThat(problems("\nUSER leadpipe\n", "\n")).anyMatch(p -> p.contains("runs as root"));
    }

    @Test
    void otherJavaRelease() {
      assertThat(problems("eclipse-temurin:17-jre", "eclipse-temurin:21-jre"))
          .anyMatch(p -> p.contains("the build targets Java 17"));
    }

    @Test
    void notCopyingTheRuntimeDependencies() {
      assertThat(problems("COPY target/dependency/ /app/lib/\n", ""))
          .anyMatch(p -> p.contains("does not COPY target/dependency/"));
    }
  }

  @Nested
  class Monitoring {
    private final String prometheus = Repository.read(Repository.PROMETHEUS_CONFIG);
    private final String dashboard = Repository.read(Repository.GRAFANA_DASHBOARD);

    private List<String> prometheusProblems(String regex, String replacement) {
      return MonitoringChecks.prometheus(
          Yamls.parseMap(change(prometheus, regex, replacement)), Deployment.compose(), services);
    }

    private List<String> grafanaProblems(String regex, String replacement) throws IOException {
      return MonitoringChecks.grafana(
          new ObjectMapper().readTree(change(dashboard, regex, replacement)),
          Deployment.yaml(Repository.GRAFANA_DATASOURCES),
          services);
    }

    @Test
    void instanceNotScraped() {
      assertThat(prometheusProblems(", \"scoring-stream-2:8082\"", ""))
          .anyMatch(p -> p.contains("does not scrape scoring-stream-2:8082/prometheus"));
    }

    @Test
    void scrapedOnTheDefaultMetricsPath() {
      assertThat(
              prometheusProblems(
                  "(job_name: notifier-service\n)    metrics_path: /prometheus\n", "$1"))
          .anyMatch(p -> p.contains("does not scrape notifier-service-2:8083/prometheus"));
    }

    @Test
    void targetThatIsNoService() {
      assertThat(prometheusProblems("\"ingest-service-1:8080\"", "\"ingest:8080\""))
          .anyMatch(p -> p.contains("target ingest:8080 is no compose service"));
    }

    @Test
    void metricNoServiceRegisters() throws IOException {
      assertThat(
              grafanaProblems(
                  "rate\\(leadpipe_ingest_events_accepted_total",
                  "rate(leadpipe_ingest_events_acepted_total"))
          .anyMatch(p -> p.contains("leadpipe_ingest_events_acepted_total matches no meter name"));
    }

    @Test
    void dataSourceThatIsNotProvisioned() throws IOException {
      assertThat(grafanaProblems("\"uid\": \"leadpipe-prometheus\"", "\"uid\": \"prometheus\""))
          .anyMatch(p -> p.contains("data source uid 'prometheus' is not provisioned"));
    }
  }

  @Nested
  class AsyncApi {
    private final String document = Repository.read(Repository.ASYNCAPI);

    private Map<String, Object> asyncApiWith(String regex, String replacement) {
      return Yamls.parseMap(change(document, regex, replacement));
    }

    private List<String> channelProblems(Map<String, Object> doc) {
      return AsyncApiChecks.channels(
          doc,
          AsyncApiMatchesTopicsTest.docsDirectory(),
          Repository.path(AsyncApiMatchesTopicsTest.RELEASED_SCHEMAS),
          Topics.all());
    }

    @Test
    void wrongPartitions() {
      assertThat(channelProblems(asyncApiWith("partitions: 3", "partitions: 6")))
          .anyMatch(
              p ->
                  p.startsWith(
                      "channel deadLetters (leadpipe.dead-letters) partitions: is 6, expected 3"));
    }

    @Test
    void meaningChanged() {
      assertThat(
              channelProblems(
                  asyncApiWith(
                      "summary: A visitor ENTERED or EXITED a segment.",
                      "summary: A visitor entered a segment.")))
          .anyMatch(p -> p.startsWith("channel segmentChanges (leadpipe.segment-changes) summary"));
    }

    @Test
    void renamedTopic() {
      List<String> problems =
          channelProblems(
              asyncApiWith("address: leadpipe.identities", "address: leadpipe.identity"));

      assertThat(problems)
          .anyMatch(
              p ->
                  p.equals("channel identities: leadpipe.identity is not a topic of Topics.all()"));
      assertThat(problems).anyMatch(p -> p.startsWith("leadpipe.identities: 0 channels"));
    }

    @Test
    void schemaOfAnotherTopic() {
      assertThat(
              channelProblems(
                  asyncApiWith(
                      "released/0\\.1\\.0/leadpipe\\.web-events\\.avsc",
                      "released/0.1.0/leadpipe.social-events.avsc")))
          .anyMatch(
              p ->
                  p.startsWith(
                      "channel webEvents (leadpipe.web-events) schema record: is io.leadpipe.schemas.social.SocialEvent"));
    }

    @Test
    void schemaFileThatDoesNotExist() {
      assertThat(
              channelProblems(
                  asyncApiWith("leadpipe\\.hesitations\\.avsc", "leadpipe.hesitation.avsc")))
          .anyMatch(p -> p.contains("leadpipe.hesitation.avsc does not exist"));
    }

    @Test
    void wrongKey() {
      assertThat(channelProblems(asyncApiWith("schemas/SegmentId", "schemas/VisitorId")))
          .anyMatch(
              p -> p.startsWith("channel segmentDefinitions (leadpipe.segment-definitions) key"));
    }

    @Test
    void wrongSubject() {
      assertThat(
              channelProblems(
                  asyncApiWith(
                      "x-schema-registry-subject: leadpipe.hesitations-value",
                      "x-schema-registry-subject: io.leadpipe.schemas.hesitation.Hesitation")))
          .anyMatch(
              p -> p.startsWith("channel hesitations (leadpipe.hesitations) registry subject"));
    }

    @Test
    void documentedSchemaThatCannotReadWhatProducersWrite(@TempDir Path root) throws IOException {
      Path docs = Files.createDirectories(root.resolve("docs"));
      Path release = Files.createDirectories(root.resolve("schemas/released/0.1.0"));
      Path real = Repository.path(AsyncApiMatchesTopicsTest.RELEASED_SCHEMAS).resolve("0.1.0");
      try (Stream<Path> files = Files.list(real)) {
        for (Path file : files.toList()) {
          Files.copy(file, release.resolve(file.getFileName()));
        }
      }
      Path webEvents = release.resolve("leadpipe.web-events.avsc");
      Files.writeString(
          webEvents,
          change(
              Files.readString(webEvents),
              "\"fields\" : \\[ \\{",
              "\"fields\" : [ { \"name\" : \"shopId\", \"type\" : \"string\" }, {"));

      List<String> problems =
          AsyncApiChecks.channels(
              Yamls.parseMap(document), docs, root.resolve("schemas/released"), Topics.all());

      assertThat(problems)
          .anyMatch(
              p ->
                  p.startsWith("channel webEvents (leadpipe.web-events): a consumer using")
                      && p.contains("shopId"));
    }

    @Test
    void serviceUsingATopicTheDocumentDoesNotGiveIt() {
      Map<String, Object> drifted =
          asyncApiWith(
              "(summary: notifier-service starts, supersedes or ends a follow-up sequence\\.\n\\s+tags: \\[\\{ name: )notifier-service",
              "$1operators");

      assertThat(AsyncApiChecks.producersAndConsumers(drifted, services))
          .anyMatch(p -> p.startsWith("notifier-service uses leadpipe.hesitations in its code"));
    }

    @Test
    void topicNobodyReads() {
      Map<String, Object> drifted =
          asyncApiWith("(ingest\\.receiveDeadLetterReplays:\n\\s+action: )receive", "$1send");

      assertThat(AsyncApiChecks.producersAndConsumers(drifted, services))
          .anyMatch(
              p ->
                  p.equals(
                      "channel deadLetterReplays: no operation receives from"
                          + " leadpipe.dead-letter-replays"));
    }

    @Test
    void composeServerNotWhereTheBrokerIs() {
      ComposeFile moved = composeWith("INTERNAL://kafka-2:19092", "INTERNAL://broker-2:19092");

      assertThat(AsyncApiChecks.servers(Yamls.parseMap(document), moved, services))
          .anyMatch(
              p ->
                  p.startsWith(
                      "server compose host: is kafka-1:19092,kafka-2:19092,kafka-3:19092, expected"
                          + " kafka-1:19092,broker-2:19092,kafka-3:19092"));
    }
  }

  @Nested
  class Kubernetes {
    private final KubernetesManifests manifests = KubernetesManifests.load(Repository.root());

    private KubernetesManifests with(String file, String regex, String replacement) {
      return manifests.with(file, change(Repository.read(file), regex, replacement));
    }

    @Test
    void misspelledFieldOfAWorkload() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/scoring-stream.yaml",
              "podManagementPolicy:",
              "podManagementPolicey:");

      assertThat(KubernetesChecks.unknownFields(drifted))
          .anyMatch(p -> p.contains("StatefulSet.spec: unknown field(s) [podManagementPolicey]"));
    }

    @Test
    void misspelledFieldDeepInAPodTemplate() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/ingest-service.yaml",
              "(readinessProbe:\n\\s+httpGet:\n\\s+)path:",
              "$1paht:");

      assertThat(KubernetesChecks.unknownFields(drifted))
          .anyMatch(p -> p.contains("readinessProbe.httpGet: unknown field(s) [paht]"));
    }

    @Test
    void misspelledFieldOfAStrimziResource() {
      KubernetesManifests drifted =
          with("deploy/kubernetes/base/kafka/kafka.yaml", "topologyKey:", "topologKey:");

      assertThat(KubernetesChecks.unknownFields(drifted))
          .anyMatch(p -> p.contains("Kafka.spec.kafka.rack: unknown field(s) [topologKey]"));
    }

    @Test
    void kindTheChecksDoNotKnow() {
      KubernetesManifests drifted =
          with("deploy/kubernetes/base/kafka/kafka.yaml", "kind: KafkaNodePool", "kind: KafkaPool");

      assertThat(KubernetesChecks.unknownFields(drifted))
          .anyMatch(p -> p.contains("kafka.strimzi.io/v1 KafkaPool is no kind the checks know"));
    }

    @Test
    void topicsFileEditedByHand() {
      String edited =
          change(
              Repository.read(KafkaTopicManifests.BASE_FILE),
              "(name: leadpipe\\.hesitations\n[\\s\\S]*?partitions: )24",
              "$112");

      assertThat(
              KubernetesChecks.topicsGenerated(
                  edited,
                  KafkaTopicManifests.render(Topics.all(), Topics.DEPLOYMENT_VISITOR_PARTITIONS)))
          .singleElement()
          .asString()
          .contains("'  partitions: 12', generated '  partitions: 24'");
      assertThat(
              KubernetesChecks.topics(
                  manifests.with(KafkaTopicManifests.BASE_FILE, edited),
                  Topics.all(),
                  Topics.DEPLOYMENT_VISITOR_PARTITIONS))
          .anyMatch(
              p ->
                  p.contains(
                      "KafkaTopic leadpipe.hesitations partitions is 12, the catalogue says 24"));
    }

    @Test
    void topicMissingFromTheCluster() {
      KubernetesManifests drifted =
          with(
              KafkaTopicManifests.BASE_FILE,
              "---\n# [^\n]*\n(?=apiVersion[^\n]*\nkind: KafkaTopic\nmetadata:\n  name: leadpipe\\.dead-letters)[\\s\\S]*?(?=---)",
              "");

      assertThat(
              KubernetesChecks.topics(drifted, Topics.all(), Topics.DEPLOYMENT_VISITOR_PARTITIONS))
          .contains("no KafkaTopic for leadpipe.dead-letters");
    }

    @Test
    void brokersWithoutRackAwareness() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/kafka/kafka.yaml",
              "    rack:\n      topologyKey: topology.kubernetes.io/zone\n",
              "");

      assertThat(KubernetesChecks.kafkaCluster(drifted))
          .anyMatch(p -> p.endsWith("no rack topologyKey (replicas would share a zone)"));
    }

    @Test
    void twoNodeCluster() {
      KubernetesManifests drifted =
          with("deploy/kubernetes/base/kafka/kafka.yaml", "replicas: 3", "replicas: 2");

      assertThat(KubernetesChecks.kafkaCluster(drifted))
          .anyMatch(p -> p.contains("have 2 broker(s) and 2 controller(s)"));
    }

    @Test
    void renamedEnvironmentVariable() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/notifier-service.yaml",
              "name: LEADPIPE_NOTIFIER_STATE_DIR",
              "name: LEADPIPE_NOTIFIER_STATE_DIRECTORY");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(
              p ->
                  p.contains(
                      "environment LEADPIPE_NOTIFIER_STATE_DIRECTORY sets no configuration"));
    }

    @Test
    void probeOnAnEndpointThatDoesNotExist() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/hesitation-stream.yaml",
              "path: /health/liveness",
              "path: /healthz");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(
              p ->
                  p.contains(
                      "livenessProbe gets /healthz on http, must get /health/liveness on 8085"));
    }

    @Test
    void advertisedHostNotThePodsOwnName() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/scoring-stream.yaml",
              "value: \\$\\(POD_NAME\\)\\.scoring-stream-headless",
              "value: scoring-stream");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(
              p ->
                  p.contains(
                      "leadpipe.scoring.instance.advertised-host is scoring-stream, must be"
                          + " $(POD_NAME).scoring-stream-headless"));
    }

    @Test
    void stateDirectoryNotOnTheVolumeClaim() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/scoring-stream.yaml",
              "value: /var/lib/leadpipe/state/scoring",
              "value: /tmp/scoring");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(
              p -> p.contains("state directory leadpipe.scoring.streams.state-dir (/tmp/scoring)"));
    }

    @Test
    void oneInstance() {
      KubernetesManifests drifted =
          with("deploy/kubernetes/base/ingest-service.yaml", "replicas: 2", "replicas: 1");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(p -> p.contains("Deployment ingest-service: 1 replica(s)"));
    }

    @Test
    void noMemoryLimit() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/ingest-service.yaml",
              "(limits:\n\\s+cpu: 1500m\n)\\s+memory: 1Gi\n",
              "$1");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(p -> p.endsWith("Deployment ingest-service: no memory limits"));
    }

    @Test
    void noDisruptionBudget() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/notifier-service.yaml",
              "(?s)---\napiVersion: policy/v1.*",
              "");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(
              p ->
                  p.endsWith(
                      "StatefulSet notifier-service: no PodDisruptionBudget selects its pods"));
    }

    @Test
    void demoModeInADeployment() {
      KubernetesManifests drifted =
          with("deploy/kubernetes/base/ingest-service.yaml", "value: production", "value: local");

      assertThat(KubernetesChecks.workloads(drifted, services))
          .anyMatch(p -> p.endsWith("LEADPIPE_MODE is local, must be production"));
    }

    @Test
    void secretWrittenAsAValue() {
      KubernetesManifests drifted =
          with(
              "deploy/kubernetes/base/notifier-service.yaml",
              "- name: LEADPIPE_ADMIN_KEY\n\\s+valueFrom:\n\\s+secretKeyRef:\n\\s+name: leadpipe-secrets\n\\s+key: LEADPIPE_ADMIN_KEY",
              "- name: LEADPIPE_ADMIN_KEY\n              value: not-a-secret-anymore");

      assertThat(KubernetesChecks.secrets(drifted, Deployment.compose(), services))
          .anyMatch(
              p ->
                  p.endsWith(
                      "StatefulSet notifier-service: LEADPIPE_ADMIN_KEY must come from Secret"
                          + " leadpipe-secrets key LEADPIPE_ADMIN_KEY (required)"));
    }

    @Test
    void committedSecret() {
      KubernetesManifests drifted =
          manifests.with(
              "deploy/kubernetes/base/secret.yaml",
              "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leadpipe-secrets\nstringData:\n  LEADPIPE_ADMIN_KEY: x\n");

      assertThat(KubernetesChecks.secrets(drifted, Deployment.compose(), services))
          .anyMatch(p -> p.contains("a committed Secret"));
    }
  }
}
