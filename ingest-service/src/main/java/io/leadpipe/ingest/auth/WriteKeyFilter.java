package io.leadpipe.ingest.auth;

import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Every POST under /v1 needs a source's write key, sent as Segment does: HTTP Basic with the key as
 * user name and an empty password. {@code navigator.sendBeacon} cannot set headers, so the
 * snippet's beacon sends it as the {@code writeKey} query parameter instead. Unknown key → 401. The
 * key never appears in a log line or a response.
 *
 * <p>Segment's libraries may also put it in the body ({@code "writeKey"}). A request to an event
 * endpoint with no key in the header or query is therefore let through unauthenticated, and the
 * endpoint reads the key from the (decompressed) body and resolves it here, through {@link
 * #sourceOf} and the same key ring, before anything else is done with the body.
 */
@ServerFilter("/v1/**")
public class WriteKeyFilter implements Ordered {

  /** Request attribute holding the authenticated {@link Source}. */
  public static final String SOURCE_ATTRIBUTE = "leadpipe.source";

  public static final String WRITE_KEY_PARAMETER = "writeKey";
  private static final String BASIC = "Basic ";

  private final WriteKeys writeKeys;
  private final IngestMetrics metrics;

  public WriteKeyFilter(WriteKeys writeKeys, IngestMetrics metrics) {
    this.writeKeys = writeKeys;
    this.metrics = metrics;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.POST) {
      return null;
    }
    String presented = presentedKey(request);
    if (presented == null && Call.ofPath(request.getPath()).isPresent()) {
      return null; // the key may be in the body: IngestEndpoint resolves it with sourceOf
    }
    Optional<Source> source = writeKeys.sourceOf(presented);
    if (source.isEmpty()) {
      return unauthorized(request);
    }
    request.setAttribute(SOURCE_ATTRIBUTE, source.get());
    return null;
  }

  /** The source of a key found in the body, on the same key ring as a header's. */
  public Optional<Source> sourceOf(String writeKey) {
    return writeKeys.sourceOf(writeKey);
  }

  /** 401 for a missing or unknown key, counted as a request-level rejection. */
  public HttpResponse<?> unauthorized(HttpRequest<?> request) {
    metrics.rejected(IngestMetrics.REQUEST, IngestProblem.UNAUTHORIZED.code(), 1);
    return Problems.response(
            IngestProblem.UNAUTHORIZED,
            "Send the source's write key as the Basic auth user name, the writeKey query"
                + " parameter or the body's writeKey field",
            request.getPath())
        .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"leadpipe\"");
  }

  static String presentedKey(HttpRequest<?> request) {
    String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon >= 0 ? decoded.substring(0, colon) : decoded;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return request.getParameters().get(WRITE_KEY_PARAMETER);
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
