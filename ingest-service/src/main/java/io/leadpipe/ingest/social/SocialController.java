package io.leadpipe.ingest.social;

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
 * {@code POST /v1/social}: one social interaction, or {@code {"batch": [...]}} of them, from a
 * social connector.
 */
@Controller("/v1")
public class SocialController {

  private final IngestEndpoint endpoint;

  public SocialController(IngestEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  // Any declared Content-Type, as on the tracking endpoints: the body is read as JSON.
  @Post(uri = "/social", consumes = MediaType.ALL)
  public CompletableFuture<HttpResponse<?>> social(
      HttpRequest<?> request, @Nullable @Body byte[] body) {
    return endpoint.handle(Call.SOCIAL, request, body);
  }
}
