package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes loads into the maintained Kubernetes and Strimzi models without an unknown
 * field, and is in line with the topic catalogue, the compose deployment's secrets and the
 * services' configuration.
 */
class KubernetesManifestsTest {

  private static KubernetesManifests manifests;
  private static List<ServiceModule> services;

  @BeforeAll
  static void load() {
    manifests = KubernetesManifests.load(Repository.root());
    services = Deployment.services();
  }

  @Test
  void everyManifestLoadsIntoTheModelsWithoutAnUnknownField() {
    assertThat(manifests.all()).isNotEmpty();
    assertThat(KubernetesChecks.unknownFields(manifests)).isEmpty();
  }

  @Test
  void kustomizationsListEveryManifestAndNothingMissing() {
    assertThat(KubernetesChecks.kustomizations(Repository.root())).isEmpty();
  }

  @Test
  void committedTopicsAreTheGeneratorsOutputForTheCatalogue() {
    assertThat(
            KubernetesChecks.topicsGenerated(
                Repository.read(KafkaTopicManifests.BASE_FILE),
                KafkaTopicManifests.render(Topics.all(), Topics.DEPLOYMENT_VISITOR_PARTITIONS)))
        .isEmpty();
  }

  @Test
  void oneKafkaTopicPerCatalogueTopic() {
    assertThat(
            KubernetesChecks.topics(manifests, Topics.all(), Topics.DEPLOYMENT_VISITOR_PARTITIONS))
        .isEmpty();
  }

  @Test
  void kafkaIsAThreeNodeRackAwareClusterWithTheReplicationSettings() {
    assertThat(KubernetesChecks.kafkaCluster(manifests)).isEmpty();
  }

  @Test
  void servicesRunAsTheirConfigurationExpects() {
    assertThat(KubernetesChecks.workloads(manifests, services)).isEmpty();
  }

  @Test
  void secretsComeFromTheSecretAndNoneIsCommitted() {
    assertThat(KubernetesChecks.secrets(manifests, Deployment.compose(), services)).isEmpty();
  }
}
