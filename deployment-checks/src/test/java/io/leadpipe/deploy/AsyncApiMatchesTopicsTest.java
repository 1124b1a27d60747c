package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml describes Topics.all() as the code has it. */
class AsyncApiMatchesTopicsTest {

  static final String RELEASED_SCHEMAS = "schemas/released";
  private static Map<String, Object> asyncApi;

  @BeforeAll
  static void load() {
    asyncApi = Deployment.yaml(Repository.ASYNCAPI);
  }

  @Test
  void isAnAsyncApi3Document() {
    assertThat(asyncApi.get("asyncapi")).hasToString("3.0.0");
  }

  @Test
  void everyTopicHasItsChannelAndNoChannelIsUnknown() {
    assertThat(
            AsyncApiChecks.channels(
                asyncApi, docsDirectory(), Repository.path(RELEASED_SCHEMAS), Topics.all()))
        .isEmpty();
  }

  @Test
  void producersAndConsumersAreNamedAndMatchWhatTheServicesUse() {
    assertThat(AsyncApiChecks.producersAndConsumers(asyncApi, Deployment.services())).isEmpty();
  }

  @Test
  void serversAreWhereTheServicesConnect() {
    assertThat(AsyncApiChecks.servers(asyncApi, Deployment.compose(), Deployment.services()))
        .isEmpty();
  }

  static Path docsDirectory() {
    return Repository.path(Repository.ASYNCAPI).getParent();
  }
}
