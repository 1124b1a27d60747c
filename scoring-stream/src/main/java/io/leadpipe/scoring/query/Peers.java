package io.leadpipe.scoring.query;

import io.leadpipe.service.routing.KeyOwnerRouter;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the other instances of the service, at their {@code application.server}, for their share of
 * a listing. Every call carries {@link #SCOPE_HEADER} so the receiver answers from its own stores
 * and never fans out again, and the caller's {@code Authorization} header so the read token (when
 * one is required) holds there too. Single profiles are routed to their owner by {@link
 * KeyOwnerRouter}.
 */
@Singleton
public class Peers implements AutoCloseable {

  /** On a listing: answer with this instance's share only ({@value #LOCAL}), no fan-out. */
  public static final String SCOPE_HEADER = "X-Leadpipe-Scope";

  public static final String LOCAL = "local";

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "query-peers");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http;
  private final QuerySettings settings;
  private final JsonMapper json;

  public Peers(QuerySettings settings, JsonMapper json) {
    this.settings = settings;
    this.json = json;
    this.http =
        HttpClient.newBuilder().connectTimeout(settings.peerTimeout()).executor(executor).build();
  }

  /** Asks {@code peer} for its own share of a listing; fails unless it answers 200 in time. */
  public <T> CompletableFuture<T> share(
      HostInfo peer, String pathAndQuery, String authorization, Class<T> type) {
    return http.sendAsync(
            request(peer, pathAndQuery, authorization).header(SCOPE_HEADER, LOCAL).build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new QueryUnavailableException(
                    "instance "
                        + KeyOwnerRouter.address(peer)
                        + " answered "
                        + response.statusCode());
              }
              try {
                return json.readValue(response.body(), Argument.of(type));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private HttpRequest.Builder request(HostInfo peer, String pathAndQuery, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + KeyOwnerRouter.address(peer) + pathAndQuery))
            .timeout(settings.peerTimeout())
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  @PreDestroy
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
