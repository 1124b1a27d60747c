package io.leadpipe.service.routing;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request about one key to the instance whose Kafka Streams store holds it ({@code
 * application.server} from the Streams metadata). A request is passed on at most once, marked with
 * {@link #FORWARDED_HEADER}: an instance that gets a forwarded request for a key it does not host
 * either answers 503 (ownership is moving; the caller retries) instead of passing it on again, so
 * two instances with different views of the metadata never bounce a request.
 *
 * <p>Two ways to use it: {@link #route} (the active copy only, while RUNNING: for reads that must
 * be current, such as privacy exports) and {@link #answer} (the active copy, else a standby's,
 * while RUNNING or REBALANCING: for queries that should keep answering while instances restart,
 * marked {@link #STALE_HEADER} when a copy that may lag answered).
 *
 * <p>Each feature makes its own router: its timeout, and the exception its controller answers with
 * 503.
 */
public final class KeyOwnerRouter {

  /** On a forwarded request: already passed on once; answer here or 503. */
  public static final String FORWARDED_HEADER = "X-Leadpipe-Forwarded";

  /** On every answer: the instance ({@code host:port}) that read the store. */
  public static final String SERVED_BY_HEADER = "X-Leadpipe-Served-By";

  /**
   * On an answer read from a store Kafka Streams does not promise up to date ({@code true}): a
   * standby replica, or an active task while its instance rebalances.
   */
  public static final String STALE_HEADER = "X-Leadpipe-Stale";

  /**
   * With {@link #STALE_HEADER}, when measured recently: how many changelog records the store that
   * answered was behind ({@link StoreLags}).
   */
  public static final String STALE_LAG_HEADER = "X-Leadpipe-Stale-Lag";

  /** Why a key cannot be routed right now, as the feature's own exception (answered 503). */
  @FunctionalInterface
  public interface Unavailable {
    RuntimeException because(String reason, Throwable cause);
  }

  /** Where a key's store is read. */
  public sealed interface Route {}

  /** On this instance, in this partition of the store. */
  public record Here(int partition) implements Route {}

  /** On another instance. */
  public record There(HostInfo owner) implements Route {}

  /**
   * On this instance's own copy of the partition, which may lag ({@code enableStaleStores}): a
   * standby replica, or the active task while it cannot be read as active (rebalancing, restoring).
   */
  public record Stale(int partition) implements Route {}

  /**
   * Reads the key from this instance's store.
   *
   * @param <T> the feature's answer
   */
  @FunctionalInterface
  public interface LocalRead<T> {
    /**
     * @param stale read the partition's local copy whatever its state ({@code enableStaleStores})
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when this instance cannot
     *     read the partition now: the next route is tried
     */
    T read(int partition, boolean stale);
  }

  /** Answers from this status on are failures of the instance asked, not answers. */
  private static final int SERVER_ERROR = 500;

  /**
   * Between two tries of an instance taking partitions over: its tasks are created within a
   * rebalance's assignment step, typically well under a second.
   */
  static final Duration REBALANCE_PAUSE = Duration.ofMillis(100);

  private static final long REBALANCE_PAUSE_NANOS = REBALANCE_PAUSE.toNanos();

  private final Supplier<Optional<KafkaStreams>> streams;
  private final Supplier<Optional<HostInfo>> self;
  private final Duration timeout;
  private final Unavailable unavailable;
  private final HttpClient http;

  /**
   * @param streams the application whose stores are routed, empty until it is created
   * @param self this instance's {@code application.server}, empty until it is known
   * @param timeout connecting to, and waiting for, the owner
   * @param unavailable the feature's 503 exception
   */
  public KeyOwnerRouter(
      Supplier<Optional<KafkaStreams>> streams,
      Supplier<Optional<HostInfo>> self,
      Duration timeout,
      Unavailable unavailable) {
    this.streams = streams;
    this.self = self;
    this.timeout = timeout;
    this.unavailable = unavailable;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Where {@code key} of {@code store} is read. Only while the application is RUNNING: during a
   * rebalance partitions move and the metadata may name an instance that no longer has the key.
   *
   * @param forwarded the request was forwarded here already: this instance answers, or 503, never
   *     passes it on
   */
  public Route route(String store, String key, boolean forwarded) {
    KafkaStreams running =
        streams.get().orElseThrow(() -> unavailable.because("the stores are not loaded yet", null));
    if (running.state() != KafkaStreams.State.RUNNING) {
      throw unavailable.because(
          "the stores are being redistributed between instances (" + running.state() + ")", null);
    }
    HostInfo here = self.get().orElseThrow(() -> unavailable.because("not started yet", null));
    return decide(
        store,
        running.queryMetadataForKey(store, key, Serdes.String().serializer()),
        here,
        forwarded);
  }

  /**
   * Where {@code key} of {@code store} may be read, best first: the active copy (here or
   * forwarded), then the standby copies (this instance's own first, then forwarded), each one tried
   * when the one before it cannot answer. Unlike {@link #route} this answers while the application
   * rebalances too: that is when standbys matter, and the metadata of the last assignment still
   * names who had each partition.
   *
   * @param forwarded the request was forwarded here already: only this instance's copies are read,
   *     never passed on
   */
  public List<Route> plan(String store, String key, boolean forwarded) {
    KafkaStreams streams = queryable();
    HostInfo here = self.get().orElseThrow(() -> unavailable.because("not started yet", null));
    return plan(
        store,
        streams.queryMetadataForKey(store, key, Serdes.String().serializer()),
        here,
        forwarded);
  }

  /** The plan itself, once the key's replicas and this instance are known. */
  List<Route> plan(String store, KeyQueryMetadata replicas, HostInfo here, boolean forwarded) {
    if (replicas == null || replicas == KeyQueryMetadata.NOT_AVAILABLE) {
      throw unavailable.because("the instance hosting " + store + " is not known right now", null);
    }
    int partition = replicas.partition();
    List<Route> plan = new ArrayList<>();
    if (replicas.activeHost().equals(here)) {
      plan.add(new Here(partition));
      plan.add(new Stale(partition));
    } else if (!forwarded && !replicas.activeHost().equals(HostInfo.unavailable())) {
      // Unavailable: no instance has the partition active right now (it is being reassigned)
      plan.add(new There(replicas.activeHost()));
    }
    if (replicas.standbyHosts().contains(here)) {
      plan.add(new Stale(partition));
    }
    if (!forwarded) {
      // In a stable order: every instance tries the other standbys in the same order
      replicas.standbyHosts().stream()
          .filter(h -> !h.equals(here))
          .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
          .forEach(h -> plan.add(new There(h)));
    }
    if (plan.isEmpty()) {
      throw unavailable.because(store + " is moving between instances; retry", null);
    }
    return List.copyOf(plan);
  }

  /** What {@link #answer} found: read here, or another instance's HTTP answer. */
  public sealed interface Answer<T> {}

  /**
   * Read from this instance's store.
   *
   * @param stale read from a copy that may lag ({@link Stale})
   */
  public record Read<T>(T value, int partition, boolean stale) implements Answer<T> {}

  /** Another instance's answer (not a 5xx), to relay. */
  public record Relayed<T>(HttpResponse<String> response) implements Answer<T> {}

  /**
   * Follows {@link #plan}: reads here with {@code local}, or GETs {@code pathAndQuery} from the
   * instance named (marked forwarded, with {@code headers}), until one answers. A local read that
   * throws {@link InvalidStateStoreException}, an instance that does not answer within the timeout
   * and a 5xx answer each move on to the next route; when none is left, the feature's 503 names
   * what each route said. A 4xx answer (not found, no permission) is an answer and relayed.
   */
  public <T> Answer<T> answer(
      String store,
      String key,
      boolean forwarded,
      LocalRead<T> local,
      String pathAndQuery,
      Map<String, String> headers) {
    return followAgainWhileRebalancing(
        () -> plan(store, key, forwarded), store, local, pathAndQuery, headers);
  }

  /**
   * {@link #follow} along a fresh plan each time, again after {@link #REBALANCE_PAUSE} when every
   * route was a copy here that cannot be read yet (this instance is taking partitions over: the
   * metadata already names it, its tasks do not exist yet), until the timeout has passed. Kafka
   * Streams' own advice for interactive queries during a rebalance is to retry; a route to another
   * instance that failed already spent its timeout, so that is not retried.
   */
  <T> Answer<T> followAgainWhileRebalancing(
      Supplier<List<Route>> planner,
      String store,
      LocalRead<T> local,
      String pathAndQuery,
      Map<String, String> headers) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Attempt<T> attempt = attempt(planner.get(), local, pathAndQuery, headers);
      if (attempt.answer() != null) {
        return attempt.answer();
      }
      if (!attempt.onlyCopiesHereNotReady()
          || System.nanoTime() + REBALANCE_PAUSE_NANOS > deadline) {
        throw attempt.unavailable(store);
      }
      try {
        Thread.sleep(REBALANCE_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw attempt.unavailable(store);
      }
    }
  }

  /** {@link #answer} along a given plan, once. */
  <T> Answer<T> follow(
      List<Route> plan,
      String store,
      LocalRead<T> local,
      String pathAndQuery,
      Map<String, String> headers) {
    Attempt<T> attempt = attempt(plan, local, pathAndQuery, headers);
    if (attempt.answer() != null) {
      return attempt.answer();
    }
    throw attempt.unavailable(store);
  }

  /**
   * One pass along a plan: its answer, or what each route said.
   *
   * @param onlyCopiesHereNotReady every route was a copy here that threw {@link
   *     InvalidStateStoreException}
   */
  private record Attempt<T>(
      Answer<T> answer,
      List<String> failures,
      RuntimeException last,
      boolean onlyCopiesHereNotReady,
      Unavailable reporter) {

    RuntimeException unavailable(String store) {
      return reporter.because(
          "no copy of " + store + " could answer (" + String.join("; ", failures) + ")", last);
    }
  }

  private <T> Attempt<T> attempt(
      List<Route> plan, LocalRead<T> local, String pathAndQuery, Map<String, String> headers) {
    List<String> failures = new ArrayList<>();
    RuntimeException last = null;
    boolean onlyHere = true;
    for (Route route : plan) {
      try {
        if (route instanceof Here here) {
          return answered(new Read<>(local.read(here.partition(), false), here.partition(), false));
        }
        if (route instanceof Stale stale) {
          return answered(new Read<>(local.read(stale.partition(), true), stale.partition(), true));
        }
        onlyHere = false;
        HostInfo host = ((There) route).owner();
        HttpResponse<String> response = forward(host, pathAndQuery, headers);
        if (response.statusCode() < SERVER_ERROR) {
          return answered(new Relayed<>(response));
        }
        failures.add(address(host) + " answered " + response.statusCode());
      } catch (InvalidStateStoreException e) {
        failures.add("the local copy: " + e.getMessage());
        last = e;
      } catch (RuntimeException e) {
        if (route instanceof There) {
          failures.add(e.getMessage());
          last = e;
        } else {
          throw e;
        }
      }
    }
    return new Attempt<>(null, failures, last, onlyHere, unavailable);
  }

  private <T> Attempt<T> answered(Answer<T> answer) {
    return new Attempt<>(answer, List.of(), null, false, unavailable);
  }

  /**
   * The application, while its stores can be queried: RUNNING, or REBALANCING (partitions moving;
   * stale stores still readable).
   */
  private KafkaStreams queryable() {
    KafkaStreams app =
        streams.get().orElseThrow(() -> unavailable.because("the stores are not loaded yet", null));
    KafkaStreams.State state = app.state();
    if (state == KafkaStreams.State.CREATED) {
      throw unavailable.because("the stores are not loaded yet", null);
    }
    if (!state.isRunningOrRebalancing()) {
      throw unavailable.because("the stores are not available (" + state + ")", null);
    }
    return app;
  }

  /** The routing decision itself, once the owner and this instance are known. */
  Route decide(String store, KeyQueryMetadata owner, HostInfo here, boolean forwarded) {
    if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      throw unavailable.because("the instance hosting " + store + " is not known right now", null);
    }
    if (owner.activeHost().equals(here)) {
      return new Here(owner.partition());
    }
    if (forwarded) {
      throw unavailable.because(store + " is moving between instances; retry", null);
    }
    return new There(owner.activeHost());
  }

  /**
   * A GET of {@code pathAndQuery} on {@code owner}, marked as forwarded, with the caller's
   * credentials in {@code headers} (null values are left out).
   */
  public HttpResponse<String> forward(
      HostInfo owner, String pathAndQuery, Map<String, String> headers) {
    var outbound =
        java.net.http.HttpRequest.newBuilder(URI.create("http://" + address(owner) + pathAndQuery))
            .timeout(timeout)
            .header(FORWARDED_HEADER, "true")
            .GET();
    headers.forEach(
        (name, value) -> {
          if (value != null) {
            outbound.header(name, value);
          }
        });
    try {
      return http.send(outbound.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unavailable.because("instance " + address(owner) + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable.because("interrupted while asking " + address(owner), e);
    }
  }

  /** This instance's address, for {@link #SERVED_BY_HEADER} on what it answers itself. */
  public String self() {
    return self.get().map(KeyOwnerRouter::address).orElse("");
  }

  public static boolean forwarded(HttpRequest<?> request) {
    return request.getHeaders().contains(FORWARDED_HEADER);
  }

  /**
   * The owner's answer passed on as it is: status, body, content type, Retry-After, who served it.
   */
  public static MutableHttpResponse<String> relay(HttpResponse<String> answer) {
    MutableHttpResponse<String> relayed =
        io.micronaut.http.HttpResponse.<String>status(HttpStatus.valueOf(answer.statusCode()))
            .body(answer.body());
    answer
        .headers()
        .firstValue(HttpHeaders.CONTENT_TYPE)
        .ifPresent(t -> relayed.contentType(MediaType.of(t)));
    answer
        .headers()
        .firstValue(HttpHeaders.RETRY_AFTER)
        .ifPresent(v -> relayed.header(HttpHeaders.RETRY_AFTER, v));
    answer
        .headers()
        .firstValue(SERVED_BY_HEADER)
        .ifPresent(v -> relayed.header(SERVED_BY_HEADER, v));
    answer.headers().firstValue(STALE_HEADER).ifPresent(v -> relayed.header(STALE_HEADER, v));
    answer
        .headers()
        .firstValue(STALE_LAG_HEADER)
        .ifPresent(v -> relayed.header(STALE_LAG_HEADER, v));
    return relayed;
  }

  public static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  /** A path segment as the URI needs it (ids may hold any character). */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
