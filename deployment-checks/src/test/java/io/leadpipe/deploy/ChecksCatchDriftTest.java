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
              p -> p.startsWith("notifier-service: environment LEADPIPE_NOTIFIER_STATE_DIRECTORY"));
    }

    @Test
    void serviceOnAnotherPort() {
      ComposeFile drifted = composeWith("\"8080:8080\"", "\"8080:8081\"");

      assertThat(ComposeChecks.portsOffDefaults(drifted, services))
          .anyMatch(p -> p.startsWith("ingest-service: publishes no port to 8080"));
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
              "KAFKA_BOOTSTRAP_SERVERS: kafka:19092", "KAFKA_BOOTSTRAP_SERVERS: localhost:9092");

      assertThat(ComposeChecks.connections(drifted, services))
          .anyMatch(
              p -> p.startsWith("scoring-stream-1: kafka.bootstrap.servers is localhost:9092"));
    }

    @Test
    void serviceWithoutRegistryUrl() {
      ComposeFile drifted =
          composeWith(
              "(ingest-service:[\\s\\S]*?)      LEADPIPE_SCHEMA_REGISTRY_URL: http://schema-registry:8081\n",
              "$1");

      assertThat(ComposeChecks.connections(drifted, services))
          .anyMatch(p -> p.startsWith("ingest-service: does not set leadpipe.schema-registry.url"));
    }

    @Test
    void twoInstancesAdvertisingTheSameHost() {
      ComposeFile drifted =
          composeWith("ADVERTISED_HOST: scoring-stream-2", "ADVERTISED_HOST: scoring-stream-1");

      assertThat(ComposeChecks.scaleOut(drifted))
          .anyMatch(p -> p.startsWith("scoring-stream-2: advertises scoring-stream-1"));
    }

    @Test
    void instancesWithDifferentApplicationIds() {
      ComposeFile drifted =
          composeWith(
              "(ADVERTISED_HOST: scoring-stream-2\n)",
              "$1      LEADPIPE_SCORING_STREAMS_APPLICATION_ID: leadpipe-scoring-2\n");

      assertThat(ComposeChecks.scaleOut(drifted))
          .anyMatch(p -> p.contains("different application ids"));
    }

    @Test
    void onlyOneScoringInstance() {
      ComposeFile drifted =
          composeWith("(?s)\n  scoring-stream-2:.*?(\n  notifier-service:)", "$1");

      assertThat(ComposeChecks.scaleOut(drifted))
          .anyMatch(p -> p.startsWith("scoring-stream: 1 instance(s)"));
    }

    @Test
    void instancesSharingAStateVolume() {
      ComposeFile drifted = composeWith("- scoring-state-2:", "- scoring-state-1:");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(p -> p.startsWith("scoring-stream-2: shares state volume scoring-state-1"));
    }

    @Test
    void stateDirectoryNotOnAVolume() {
      ComposeFile drifted =
          composeWith("- notifier-state:/var/lib/leadpipe/state", "- notifier-state:/data");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(p -> p.startsWith("notifier-service: state directory /var/lib/leadpipe/state"));
    }

    @Test
    void stateDirectoryLeftAtItsDefault() {
      ComposeFile drifted =
          composeWith("      LEADPIPE_NOTIFIER_STATE_DIR: /var/lib/leadpipe/state\n", "");

      assertThat(ComposeChecks.stateOnVolumes(drifted, services))
          .anyMatch(
              p -> p.startsWith("notifier-service: does not set leadpipe.notifier.state-dir"));
    }

    @Test
    void brokerImageBehindTheBuildsKafkaVersion() {
      ComposeFile drifted = composeWith("apache/kafka:4\\.1\\.2", "apache/kafka:4.0.0");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .anyMatch(p -> p.contains("apache/kafka:4.0.0"));
    }

    @Test
    void brokerWithoutTheTransactionStateSettings() {
      ComposeFile drifted =
          composeWith(
              "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2");

      assertThat(ComposeChecks.brokerSettings(drifted, "4.1.2"))
          .anyMatch(p -> p.startsWith("kafka: KAFKA_TRANSACTION_STATE_LOG_MIN_ISR is 2"));
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
                  "(create_topic leadpipe\\.prospect-profiles\\s+\\d+\\s+)compact", "$1delete"))
          .anyMatch(
              p ->
                  p.contains(
                      "leadpipe.prospect-profiles with 6 partitions, cleanup.policy=delete"));
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
          .anyMatch(p -> p.contains("does not scrape notifier-service:8083/prometheus"));
    }

    @Test
    void targetThatIsNoService() {
      assertThat(prometheusProblems("\"ingest-service:8080\"", "\"ingest:8080\""))
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
      ComposeFile moved = composeWith("INTERNAL://kafka:19092", "INTERNAL://broker:19092");

      assertThat(AsyncApiChecks.servers(Yamls.parseMap(document), moved, services))
          .anyMatch(
              p -> p.startsWith("server compose host: is kafka:19092, expected broker:19092"));
    }
  }
}
