package io.leadpipe.ingest.snippet;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/tracker.js}: the browser snippet, read once from the classpath. Shops include it
 * from here, so a short cache lets fixes reach every page within minutes.
 */
@Controller("/v1")
public class SnippetController {

  static final String RESOURCE = "/snippet/tracker.js";
  private static final String JAVASCRIPT = "application/javascript; charset=utf-8";
  private static final String CACHE_CONTROL = "public, max-age=300";

  private final byte[] script;

  public SnippetController() {
    try (InputStream in = SnippetController.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      this.script = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/tracker.js")
  public HttpResponse<byte[]> trackerJs() {
    return HttpResponse.ok(script)
        .contentType(JAVASCRIPT)
        .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
  }
}
