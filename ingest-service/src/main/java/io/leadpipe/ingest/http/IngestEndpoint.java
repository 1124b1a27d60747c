package io.leadpipe.ingest.http;

import io.leadpipe.ingest.auth.Source;
import io.leadpipe.ingest.auth.WriteKeyFilter;
import io.leadpipe.ingest.config.ProducerSettings;
import io.leadpipe.ingest.enrichment.ClientAddress;
import io.leadpipe.ingest.event.BodyParser;
import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.event.IngestResult;
import io.leadpipe.ingest.event.IngestService;
import io.leadpipe.ingest.event.InvalidBodyException;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.ingest.publish.IngestWorkers;
import io.leadpipe.ingest.publish.PublishFailedException;
import io.leadpipe.ingest.ratelimit.RateLimitFilter;
import io.leadpipe.service.problem.Problem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every event endpoint does with a request: note when and from where it came, hand it to an
 * ingest worker (the event loop only reads and writes bytes) that decompresses the body within the
 * size limits and takes a write key sent in it, and turn the outcome into the HTTP answer — 200
 * only once Kafka acknowledged, problem details otherwise.
 */
@Singleton
public class IngestEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);

  private final IngestService service;
  private final IngestWorkers workers;
  private final IngestMetrics metrics;
  private final ClientAddress clientAddress;
  private final ProducerSettings producer;
  private final Clock clock;
  private final WriteKeyFilter writeKeyFilter;
  private final RateLimitFilter rateLimitFilter;

  public IngestEndpoint(
      IngestService service,
      IngestWorkers workers,
      IngestMetrics metrics,
      ClientAddress clientAddress,
      ProducerSettings producer,
      Clock clock,
      WriteKeyFilter writeKeyFilter,
      RateLimitFilter rateLimitFilter) {
    this.writeKeyFilter = writeKeyFilter;
    this.rateLimitFilter = rateLimitFilter;
    this.service = service;
    this.workers = workers;
    this.metrics = metrics;
    this.clientAddress = clientAddress;
    this.producer = producer;
    this.clock = clock;
  }

  public CompletableFuture<HttpResponse<?>> handle(Call call, HttpRequest<?> request, byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
    Instant receivedAt = clock.instant();
    if (ContentDecoding.isIdentity(encoding)) {
      try {
        service.checkSize(call, raw); // cheap, so done before a worker is taken
      } catch (InvalidBodyException e) {
        return CompletableFuture.completedFuture(failure(call, e));
      }
    }
    CompletableFuture<HttpResponse<?>> response = new CompletableFuture<>();
    try {
      workers.execute(
          () -> {
            try {
              byte[] bytes = decoded(call, raw, encoding);
              HttpResponse<?> refused = authenticateFromBody(request, bytes);
              if (refused != null) {
                response.complete(refused);
                return;
              }
              service
                  .ingest(call, bytes, meta(call, request, receivedAt))
                  .whenComplete(
                      (result, error) ->
                          answerOnAWorker(
                              response,
                              () -> error == null ? success(result) : failure(call, error)));
            } catch (RuntimeException e) {
              response.complete(failure(call, e));
            }
          });
    } catch (RejectedExecutionException e) {
      response.complete(
          failure(call, new PublishFailedException("Every ingest worker is busy", e)));
    }
    return response;
  }

  /**
   * Completes the response on an ingest worker. The publish completes on the Kafka producer's one
   * network thread, and completing the response runs Micronaut's whole response path (filters,
   * JSON, headers) in the completing thread: half of that thread's time in a profile, while every
   * other request's sends and acknowledgements waited for it. When every worker is busy the answer
   * is built where it is, so a response is never left unanswered.
   */
  private void answerOnAWorker(
      CompletableFuture<HttpResponse<?>> response, Supplier<HttpResponse<?>> answer) {
    try {
      workers.execute(() -> complete(response, answer));
    } catch (RejectedExecutionException e) {
      complete(response, answer);
    }
  }

  /** An answer that cannot be built still ends the request: Micronaut answers 500. */
  private static void complete(
      CompletableFuture<HttpResponse<?>> response, Supplier<HttpResponse<?>> answer) {
    try {
      response.complete(answer.get());
    } catch (RuntimeException e) {
      response.completeExceptionally(e);
    }
  }

  /** The body as sent, or decompressed within the call's size limit. */
  private byte[] decoded(Call call, byte[] raw, String encoding) {
    int limit = service.maxBodyBytes(call);
    return ContentDecoding.decode(
        raw, encoding, limit, exceeded -> service.decompressedTooLarge(call, exceeded));
  }

  /**
   * A request with no key in the header or query carries it in the body (Segment's {@code
   * writeKey}): resolved on the same key ring, then rate-limited as the filters would have; the
   * refusal, if any.
   */
  private HttpResponse<?> authenticateFromBody(HttpRequest<?> request, byte[] body) {
    if (request.getAttribute(WriteKeyFilter.SOURCE_ATTRIBUTE, Source.class).isPresent()) {
      return null;
    }
    Optional<Source> source = writeKeyFilter.sourceOf(BodyParser.writeKey(body));
    if (source.isEmpty()) {
      return writeKeyFilter.unauthorized(request);
    }
    request.setAttribute(WriteKeyFilter.SOURCE_ATTRIBUTE, source.get());
    return rateLimitFilter.limit(request, source.get());
  }

  private RequestMeta meta(Call call, HttpRequest<?> request, Instant receivedAt) {
    Source source =
        request
            .getAttribute(WriteKeyFilter.SOURCE_ATTRIBUTE, Source.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The write key filter did not run for " + call.path()));
    return new RequestMeta(
        source.name(),
        source.kind(),
        call.path(),
        receivedAt,
        clientAddress.of(request),
        request.getHeaders().get(HttpHeaders.USER_AGENT),
        null,
        null);
  }

  private HttpResponse<?> success(IngestResult result) {
    return HttpResponse.ok(
            Problems.toJson(
                new IngestResponse(
                    true,
                    result.accepted(),
                    result.rejected().stream().map(IngestService::report).toList())))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private HttpResponse<?> failure(Call call, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof InvalidBodyException invalid) {
      if (invalid.type() != IngestProblem.INVALID_EVENT
          && invalid.type() != IngestProblem.INVALID_BATCH
          && invalid.type() != IngestProblem.UNTRUSTED_SOURCE) {
        // Event-level rejections were counted per event when mapped.
        metrics.rejected(IngestMetrics.REQUEST, invalid.type().code(), 1);
      }
      return Problems.response(
          new Problem(
              invalid.type().uri(),
              invalid.type().title(),
              invalid.type().status(),
              invalid.getMessage(),
              call.path(),
              invalid.violations(),
              invalid.rejected()));
    }
    if (cause instanceof PublishFailedException failed) {
      LOG.warn("{} answered 503: {}", call.path(), cause.getMessage());
      // Some events of the request may be stored all the same (an acknowledgement lost with the
      // broker): the
      // client resends them all with their messageIds, and consumers drop the copies by messageId.
      String detail =
          (failed.schemaRegistryUnavailable()
                  ? "The schema registry is unreachable, so the events cannot be encoded"
                  : "Kafka did not acknowledge every event in time")
              + "; resend the request with the same messageIds";
      return Problems.retryLater(
          IngestProblem.UNAVAILABLE, detail, call.path(), producer.retryAfter());
    }
    LOG.error("{} failed unexpectedly", call.path(), cause);
    return Problems.response(
        new Problem(
            Problem.TYPE_BASE + "internal-error",
            "Internal error",
            500,
            "The events were not accepted",
            call.path(),
            List.of(),
            List.of()));
  }
}
