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
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the other instances of the service, at their {@code application.server}, for their share of
 * a listing over given partitions ({@link #PARTITIONS_HEADER}; the answer names those it read and
 * which of them stale). Every call carries {@link #SCOPE_HEADER} so the receiver answers from its
 * own stores and never fans out again, and the caller's {@code Authorization} header so the read
 * token (when one is required) holds there too. Single profiles are routed to their owner by {@link
 * KeyOwnerRouter}.
 */
@Singleton
public class Peers implements AutoCloseable {

  /** On a listing: answer with this instance's share only ({@value #LOCAL}), no fan-out. */
  public static final String SCOPE_HEADER = "X-Leadpipe-Scope";

  public static final String LOCAL = "local";

  /**
   * On a share request: the partitions to answer for (comma-separated), each from the copy this
   * instance has, active or stale. Without it an instance answers for its active partitions.
   */
  public static final String PARTITIONS_HEADER = "X-Leadpipe-Partitions";

  /** On a share: the partitions it was computed over. */
  public static final String READ_PARTITIONS_HEADER = "X-Leadpipe-Partitions-Read";

  /** On a share: those of them read from a copy that may lag. */
  public static final String STALE_PARTITIONS_HEADER = "X-Leadpipe-Partitions-Stale";

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

  /**
   * Asks {@code peer} for its share of a listing over {@code partitions}; fails unless it answers
   * 200 in time, naming the partitions it read.
   */
  public <T> CompletableFuture<LocalProfiles.PartitionRead<T>> share(
      HostInfo peer,
      String pathAndQuery,
      Collection<Integer> partitions,
      String authorization,
      Class<T> type) {
    return share(peer, pathAndQuery, null, partitions, authorization, type);
  }

  /**
   * As {@link #share(HostInfo, String, Collection, String, Class)}, POSTing {@code body} (JSON)
   * when it is not null (a match preview's rule).
   */
  public <T> CompletableFuture<LocalProfiles.PartitionRead<T>> share(
      HostInfo peer,
      String pathAndQuery,
      String body,
      Collection<Integer> partitions,
      String authorization,
      Class<T> type) {
    return http.sendAsync(
            request(peer, pathAndQuery, body, authorization)
                .header(SCOPE_HEADER, LOCAL)
                .header(PARTITIONS_HEADER, partitionList(partitions))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              String at = KeyOwnerRouter.address(peer);
              if (response.statusCode() != 200) {
                throw new QueryUnavailableException(
                    "instance " + at + " answered " + response.statusCode());
              }
              // An instance that does not say which partitions it read (an older version) cannot
              // be merged per partition.
              String read =
                  response
                      .headers()
                      .firstValue(READ_PARTITIONS_HEADER)
                      .orElseThrow(
                          () ->
                              new QueryUnavailableException(
                                  "instance " + at + " did not name the partitions it read"));
              try {
                return new LocalProfiles.PartitionRead<>(
                    json.readValue(response.body(), Argument.of(type)),
                    parsePartitions(read),
                    parsePartitions(
                        response.headers().firstValue(STALE_PARTITIONS_HEADER).orElse("")));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** Partitions as the headers carry them: {@code 0,3,5}. */
  public static String partitionList(Collection<Integer> partitions) {
    return partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
  }

  /**
   * The partitions of a header value.
   *
   * @throws IllegalArgumentException on anything but comma-separated partition numbers
   */
  public static SortedSet<Integer> parsePartitions(String value) {
    SortedSet<Integer> partitions = new TreeSet<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int partition = Integer.parseInt(p);
      if (partition < 0) {
        throw new NumberFormatException("a partition is not negative: " + partition);
      }
      partitions.add(partition);
    }
    return Collections.unmodifiableSortedSet(partitions);
  }

  private HttpRequest.Builder request(
      HostInfo peer, String pathAndQuery, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + KeyOwnerRouter.address(peer) + pathAndQuery))
            .timeout(settings.peerTimeout());
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
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
