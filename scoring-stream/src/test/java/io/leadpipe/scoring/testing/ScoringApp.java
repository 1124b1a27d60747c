package io.leadpipe.scoring.testing;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.scoring.app.StreamsApplications;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One scoring-stream instance on a random port against the devkit broker and registry, with its own
 * state dir; instances started with the same {@code applicationId} share the work like production
 * replicas.
 */
public final class ScoringApp implements AutoCloseable {

  public static final String ADMIN_KEY = "it-admin-key";

  /**
   * The query API is started guarded, as outside local mode; {@link #get} sends this token, which
   * may see personal data.
   */
  public static final String READ_TOKEN = "it-read-token";

  /** A read token without the personal-data scope. */
  public static final String PSEUDONYMOUS_TOKEN = "it-pseudonymous-read-token";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final EmbeddedServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ScoringApp(EmbeddedServer server) {
    this.server = server;
  }

  public static ScoringApp start(
      KafkaTestEnvironment env, String applicationId, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("kafka.bootstrap.servers", env.bootstrapServers());
    props.put("leadpipe.schema-registry.url", env.schemaRegistryUrl());
    props.put("leadpipe.security.admin-keys", ADMIN_KEY);
    props.put("leadpipe.security.personal-data-tokens", READ_TOKEN);
    props.put("leadpipe.security.read-tokens", PSEUDONYMOUS_TOKEN);
    // The dashboard module included in the service samples the query API with the same token.
    props.put("leadpipe.dashboard.query-api.token", READ_TOKEN);
    props.put("leadpipe.streams.exit-on-fatal-error", false);
    props.put("leadpipe.scoring.streams.application-id", applicationId);
    props.put("leadpipe.hesitations.streams.application-id", applicationId + "-hesitations");
    // Short commits keep the tests quick on a busy machine; EOS stays on as in production.
    props.put("leadpipe.scoring.streams.commit-interval", "50ms");
    props.put("leadpipe.scoring.streams.close-timeout", "10s");
    props.put("leadpipe.hesitations.streams.commit-interval", "50ms");
    props.put("leadpipe.hesitations.streams.close-timeout", "10s");
    try {
      String stateDir = Files.createTempDirectory("scoring-state").toString();
      props.put("leadpipe.scoring.streams.state-dir", stateDir);
      props.put("leadpipe.hesitations.streams.state-dir", stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.putAll(overrides);
    // The test environment named, not deduced from the calling thread (a test may start the app
    // off its own thread): application-test.yml, with local mode, always applies.
    return new ScoringApp(ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST));
  }

  /** Waits until {@code /health/readiness} answers 200 (the Streams applications are RUNNING). */
  public ScoringApp awaitReady() {
    await("readiness of " + server.getURL())
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get("/health/readiness").statusCode() == 200);
    return this;
  }

  /** A GET with the read token. */
  public HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + READ_TOKEN).GET());
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI uri(String path) {
    return URI.create(server.getURL() + path);
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  /** The instance's scoring Streams application (its state, assignment and metrics). */
  public ManagedStreams scoring() {
    return context().getBean(ManagedStreams.class, Qualifiers.byName(StreamsApplications.SCORING));
  }

  public int port() {
    return server.getPort();
  }

  /** Stops the instance (a clean shutdown, as on SIGTERM); closing twice is harmless. */
  @Override
  public void close() {
    if (server.getApplicationContext().isRunning()) {
      server.close();
    }
  }
}
