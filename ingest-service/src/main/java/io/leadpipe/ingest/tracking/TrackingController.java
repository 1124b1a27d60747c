package io.leadpipe.ingest.tracking;

import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.http.IngestEndpoint;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/**
 * Segment's Tracking API: track, page, identify, alias and batch. Bodies are taken as raw bytes
 * (text/plain too, which is what {@code navigator.sendBeacon} sends without a CORS preflight) and
 * handled by {@link IngestEndpoint}; the answer completes when Kafka acknowledged, without blocking
 * the event loop.
 */
@Controller("/v1")
public class TrackingController {

  private final IngestEndpoint endpoint;

  public TrackingController(IngestEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Post(
      uri = "/track",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public CompletableFuture<HttpResponse<?>> track(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.TRACK, request, body);
  }

  @Post(
      uri = "/page",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public CompletableFuture<HttpResponse<?>> page(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.PAGE, request, body);
  }

  @Post(
      uri = "/identify",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public CompletableFuture<HttpResponse<?>> identify(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.IDENTIFY, request, body);
  }

  @Post(
      uri = "/alias",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public CompletableFuture<HttpResponse<?>> alias(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.ALIAS, request, body);
  }

  @Post(
      uri = "/batch",
      consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public CompletableFuture<HttpResponse<?>> batch(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.BATCH, request, body);
  }
}
