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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request about one key to the instance whose Kafka Streams store holds it ({@code
 * application.server} from the Streams metadata). A request is passed on at most once, marked with
 * {@link #FORWARDED_HEADER}: an instance that gets a forwarded request for a key it does not host
 * either answers 503 (ownership is moving; the caller retries) instead of passing it on again, so
 * two instances with different views of the metadata never bounce a request.
 *
 * <p>Each feature makes its own router: its timeout, and the exception its controller answers with
 * 503.
 */
public final class KeyOwnerRouter {

  /** On a forwarded request: already passed on once; answer here or 503. */
  public static final String FORWARDED_HEADER = "X-Leadpipe-Forwarded";

  /** On every answer: the instance ({@code host:port}) that read the store. */
  public static final String SERVED_BY_HEADER = "X-Leadpipe-Served-By";

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
