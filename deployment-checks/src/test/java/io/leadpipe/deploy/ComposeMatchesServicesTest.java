package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.TestcontainersKafkaTestEnvironment;
import io.leadpipe.schemas.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** deploy/ and the services' Dockerfiles are in line with the services' configuration and the topic catalogue. */
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
  void portsAreTheDocumentedDefaults() {
    assertThat(ComposeChecks.portsOffDefaults(compose, services)).isEmpty();
  }

  @Test
  void servicesUseTheComposeBrokerAndRegistry() {
    assertThat(ComposeChecks.connections(compose, services)).isEmpty();
  }

  @Test
  void scoringStreamRunsAsTwoInstancesOfOneApplication() {
    assertThat(ComposeChecks.scaleOut(compose)).isEmpty();
  }

  @Test
  void streamsStateIsOnAVolumePerInstance() {
    assertThat(ComposeChecks.stateOnVolumes(compose, services)).isEmpty();
  }

  @Test
  void brokerIsOurKafkaVersionWithSingleNodeSettings() {
    assertThat(ComposeChecks.brokerSettings(compose, Deployment.rootPomProperty("kafka.version"))).isEmpty();
  }

  /** Tests that run on Docker (devkit's Testcontainers mode) must meet the broker and registry production runs. */
  @Test
  void testContainersRunTheImagesOfTheDeployment() {
    assertThat(compose.withImage(ComposeChecks.KAFKA_IMAGE)).extracting(s -> s.image().orElse(""))
        .containsOnly(TestcontainersKafkaTestEnvironment.KAFKA_IMAGE);
    assertThat(compose.withImage(ComposeChecks.REGISTRY_IMAGE)).extracting(s -> s.image().orElse(""))
        .containsOnly(TestcontainersKafkaTestEnvironment.REGISTRY_IMAGE);
  }

  @Test
  void topicsAreCreatedAsTheCatalogueDefinesThem() {
    assertThat(ComposeChecks.topicCreation(compose, Repository.read(Repository.TOPIC_SCRIPT),
        Repository.TOPIC_SCRIPT, Topics.all())).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("SERVICE_MODULES")
  void dockerfileRunsTheServiceAsBuilt(String module) {
    ServiceModule service = ServiceModule.load(Repository.root(), module);

    assertThat(DockerfileChecks.check(service, Deployment.dockerfile(module),
        Deployment.rootPomProperty("maven.compiler.release"))).isEmpty();
  }

  @Test
  void prometheusScrapesEveryServiceInstance() {
    assertThat(MonitoringChecks.prometheus(Deployment.yaml(Repository.PROMETHEUS_CONFIG), compose, services)).isEmpty();
  }

  @Test
  void grafanaDashboardQueriesRegisteredMetricsThroughTheProvisionedDataSource() {
    assertThat(MonitoringChecks.grafana(Deployment.json(Repository.GRAFANA_DASHBOARD),
        Deployment.yaml(Repository.GRAFANA_DATASOURCES), services)).isEmpty();
  }
}
