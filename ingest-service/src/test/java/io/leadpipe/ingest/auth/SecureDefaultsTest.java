package io.leadpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outside local mode ingest refuses to start without write keys of its own, naming the variable to
 * set and never printing a key; in local mode the demo sources answer with their documented keys.
 * The app runs against an unreachable cluster: nothing here reaches Kafka.
 */
class SecureDefaultsTest {

  private static final String KEY = "a-key-of-our-own-0123456789";
  private static final String ADMIN_KEY = "an-admin-key-of-our-own-0123";
  private static final String SURVEY_KEY = "a-survey-key-of-our-own-0123456789";

  private static Map<String, Object> production(Map<String, Object> more) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("kafka.bootstrap.servers", "127.0.0.1:1");
    props.put("leadpipe.schema-registry.url", "mock://secure-defaults");
    props.put("leadpipe.mode", "production");
    props.put("leadpipe.security.admin-keys", ADMIN_KEY);
    props.put("leadpipe.survey.signing-key", SURVEY_KEY);
    props.putAll(more);
    return props;
  }

  private static Map<String, Object> withoutSurveyKey(Map<String, Object> props) {
    props.remove("leadpipe.survey.signing-key");
    return props;
  }

  @Test
  void productionWithoutTheDemoShopsKeyRefusesToStartNamingTheVariable() {
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, production(Map.of())))
        .rootCause()
        .hasMessageContaining("leadpipe.ingest.sources.demo-shop.write-key")
        .hasMessageContaining("DEMO_SHOP_WRITE_KEY");
  }

  @Test
  void productionWithADemoKeyRefusesToStartWithoutPrintingIt() {
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                    EmbeddedServer.class,
                    production(
                        Map.of(
                            "leadpipe.ingest.sources.demo-shop.write-key",
                            KEY,
                            "leadpipe.ingest.sources.backend.write-key",
                            WriteKeys.DEMO_SERVER_KEY,
                            "leadpipe.ingest.sources.backend.kind",
                            "server"))))
        .rootCause()
        .hasMessageContaining("LEADPIPE_INGEST_SOURCES_BACKEND_WRITE_KEY")
        .hasMessageContaining("demo secret")
        .message()
        .doesNotContain(WriteKeys.DEMO_SERVER_KEY);
  }

  @Test
  void productionWithoutAnAdminKeyOfItsOwnRefusesToStartNamingTheVariable() {
    for (String adminKey : new String[] {"", "dev-admin-key"}) {
      assertThatThrownBy(
              () ->
                  ApplicationContext.run(
                      EmbeddedServer.class,
                      production(
                          Map.of(
                              "leadpipe.ingest.sources.demo-shop.write-key",
                              KEY,
                              "leadpipe.security.admin-keys",
                              adminKey))))
          .rootCause()
          .hasMessageContaining("leadpipe.security.admin-keys")
          .hasMessageContaining("LEADPIPE_ADMIN_KEY");
    }
  }

  @Test
  void productionWithoutASurveyKeyRefusesToStartNamingTheVariable() {
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                    EmbeddedServer.class,
                    withoutSurveyKey(
                        production(Map.of("leadpipe.ingest.sources.demo-shop.write-key", KEY)))))
        .rootCause()
        .hasMessageContaining("leadpipe.survey.signing-key")
        .hasMessageContaining("LEADPIPE_SURVEY_SIGNING_KEY");
  }

  @Test
  void productionWithKeysOfItsOwnStartsAndTheDemoKeysAreUnknown() {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            production(Map.of("leadpipe.ingest.sources.demo-shop.write-key", KEY)))) {
      WriteKeys keys = server.getApplicationContext().getBean(WriteKeys.class);

      assertThat(keys.sourceOf(KEY)).hasValue(new Source("demo-shop", SourceKind.BROWSER));
      assertThat(keys.sourceOf(WriteKeys.DEMO_SHOP_KEY)).isEmpty();
      assertThat(keys.sourceOf(WriteKeys.DEMO_SERVER_KEY)).isEmpty();
    }
  }

  @Test
  void localModeAnswersTheDemoBrowserAndServerKeys() {
    Map<String, Object> local = production(Map.of());
    local.put("leadpipe.mode", "local");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, local)) {
      WriteKeys keys = server.getApplicationContext().getBean(WriteKeys.class);

      assertThat(keys.sourceOf(WriteKeys.DEMO_SHOP_KEY))
          .hasValue(new Source("demo-shop", SourceKind.BROWSER));
      assertThat(keys.sourceOf(WriteKeys.DEMO_SERVER_KEY))
          .hasValue(new Source("demo-server", SourceKind.SERVER));
    }
  }

  @Test
  void aServerSourceConfiguredFromTheEnvironmentAsDocumented() {
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(production(Map.of("leadpipe.ingest.sources.demo-shop.write-key", KEY)))
            .propertySources(
                PropertySource.of(
                    "environment",
                    Map.of(
                        "LEADPIPE_INGEST_SOURCES_BACKEND_WRITE_KEY", "backend-key-0123456789",
                        "LEADPIPE_INGEST_SOURCES_BACKEND_KIND", "server"),
                    PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start()) {
      WriteKeys keys = context.getBean(WriteKeys.class);

      assertThat(keys.sourceOf("backend-key-0123456789"))
          .hasValue(new Source("backend", SourceKind.SERVER));
    }
  }
}
