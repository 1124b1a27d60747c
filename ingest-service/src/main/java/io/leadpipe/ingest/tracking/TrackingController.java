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
 * Segment's Tracking API: track, page, screen, identify, group, alias and batch. Bodies are taken
 * as raw bytes whatever Content-Type the client declares (Segment's libraries send
 * application/json, text/plain from {@code navigator.sendBeacon}, form-encoded or none, always with
 * a JSON body) and handled by {@link IngestEndpoint}; the answer completes when Kafka acknowledged,
 * without blocking the event loop.
 */
@Controller("/v1")
public class TrackingController {

  private final IngestEndpoint endpoint;

  public TrackingController(IngestEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Post(uri = "/track", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> track(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.TRACK, request, body);
  }

  @Post(uri = "/page", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> page(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.PAGE, request, body);
  }

  @Post(uri = "/screen", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> screen(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.SCREEN, request, body);
  }

  @Post(uri = "/group", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> group(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.GROUP, request, body);
  }

  @Post(uri = "/identify", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> identify(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.IDENTIFY, request, body);
  }

  @Post(uri = "/alias", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> alias(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.ALIAS, request, body);
  }

  @Post(uri = "/batch", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> batch(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.BATCH, request, body);
  }
}
