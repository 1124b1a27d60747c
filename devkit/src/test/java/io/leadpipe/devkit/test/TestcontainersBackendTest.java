package io.leadpipe.devkit.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class TestcontainersBackendTest {

  @Test
  void withoutDockerTheBackendFailsWithAClearMessage() {
    assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker is available here");
    assertThatThrownBy(TestcontainersKafkaTestEnvironment::new)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Docker")
        .hasMessageContaining("leadpipe.test.kafka=embedded");
  }
}
