package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topics;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * deploy/ and the services' Dockerfiles are in line with the services' configuration and the topic
 * catalogue.
 */
class ComposeMatchesServicesTest {

  static final List<String> SERVICE_MODULES = Deployment.SERVICE_MODULES;
  private static ComposeFile compose;
  private static List<ServiceModule> services;

  @BeforeAll
  static void load() {
    compose = Deployment.compose();
    services = Deployment.services();
  }

  @Test
  void everyEnvironmentVariableIsAConfigurationKeyOfItsService() {
    assertThat(ComposeChecks.unknownEnvironment(compose, services)).isEmpty();
  }

  @Test
  void secretsAreRequiredGeneratedAndNeverDemoValues() {
    assertThat(
            ComposeSecrets.problems(
                Repository.read(Repository.COMPOSE_FILE),
                Repository.read("deploy/generate-secrets")))
        .isEmpty();
  }

  @Test
  void portsAreTheDocumentedDefaults() {
    assertThat(ComposeChecks.portsOffDefaults(compose, services)).isEmpty();
  }

  @Test
  void servicesUseTheComposeBrokerAndRegistry() {
    assertThat(ComposeChecks.connections(compose, services)).isEmpty();
  }

  @Test
  void everyServiceRunsAsTwoInstancesOfOneApplication() {
    assertThat(ComposeChecks.scaleOut(compose, services)).isEmpty();
  }

  @Test
  void scoringStreamKeepsAStandbyReplicaOfItsState() {
    assertThat(ComposeChecks.standbyReplicas(compose)).isEmpty();
  }

  @Test
  void everyHostPortIsPublishedOnce() {
    assertThat(ComposeChecks.hostPortsTaken(compose)).isEmpty();
  }

  @Test
  void streamsStateIsOnAVolumePerInstance() {
    assertThat(ComposeChecks.stateOnVolumes(compose, services)).isEmpty();
  }

  @Test
  void brokersAreAThreeNodeClusterOfOurKafkaVersion() {
    assertThat(ComposeChecks.brokerSettings(compose, Deployment.rootPomProperty("kafka.version")))
        .isEmpty();
  }

  /**
   * Tests that run on Docker (devkit's Testcontainers mode) must meet the broker and registry
   * production runs.
   */
  @Test
  void testContainersRunTheImagesOfTheDeployment() {
    String source = Repository.read(Repository.TEST_CONTAINERS);
    for (String repository : List.of(ComposeChecks.KAFKA_IMAGE, ComposeChecks.REGISTRY_IMAGE)) {
      Matcher image =
          Pattern.compile("\"(" + Pattern.quote(repository) + ":[^\"]+)\"").matcher(source);
      assertThat(image.find())
          .as("%s names a %s image", Repository.TEST_CONTAINERS, repository)
          .isTrue();
      assertThat(compose.withImage(repository))
          .extracting(s -> s.image().orElse(""))
          .containsOnly(image.group(1));
    }
  }

  @Test
  void topicsAreCreatedAsTheCatalogueDefinesThem() {
    assertThat(
            ComposeChecks.topicCreation(
                compose,
                Repository.read(Repository.TOPIC_SCRIPT),
                Repository.TOPIC_SCRIPT,
                Topics.all()))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("SERVICE_MODULES")
  void dockerfileRunsTheServiceAsBuilt(String module) {
    ServiceModule service = ServiceModule.load(Repository.root(), module);

    assertThat(
            DockerfileChecks.check(
                service,
                Deployment.dockerfile(module),
                Deployment.rootPomProperty("maven.compiler.release")))
        .isEmpty();
  }

  @Test
  void prometheusScrapesEveryServiceInstance() {
    assertThat(
            MonitoringChecks.prometheus(
                Deployment.yaml(Repository.PROMETHEUS_CONFIG), compose, services))
        .isEmpty();
  }

  @Test
  void grafanaDashboardQueriesRegisteredMetricsThroughTheProvisionedDataSource() {
    assertThat(
            MonitoringChecks.grafana(
                Deployment.json(Repository.GRAFANA_DASHBOARD),
                Deployment.yaml(Repository.GRAFANA_DATASOURCES),
                services))
        .isEmpty();
  }
}
