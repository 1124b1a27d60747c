package io.leadpipe.ingest.ratelimit;

import io.leadpipe.ingest.auth.Source;
import io.leadpipe.ingest.auth.WriteKeyFilter;
import io.leadpipe.ingest.enrichment.ClientAddress;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.time.Duration;

/**
 * Over its rate, a client address (of a browser source) or a source gets 429 with Retry-After (runs
 * after authentication: limits are per write key and per address within it).
 */
@ServerFilter("/v1/**")
public class RateLimitFilter implements Ordered {

  private final RateLimiter limiter;
  private final ClientAddress clientAddress;
  private final IngestMetrics metrics;

  public RateLimitFilter(RateLimiter limiter, ClientAddress clientAddress, IngestMetrics metrics) {
    this.limiter = limiter;
    this.clientAddress = clientAddress;
    this.metrics = metrics;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    Source source =
        request.getAttribute(WriteKeyFilter.SOURCE_ATTRIBUTE, Source.class).orElse(null);
    if (source == null) {
      return null; // key in the body: IngestEndpoint calls limit(request, source) once it is read
    }
    return limit(request, source);
  }

  /** 429 when {@code source}, or the request's address within it, is over its rate; else null. */
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request, Source source) {
    Duration wait = limiter.acquire(source, clientAddress.anonymised(request));
    if (wait.isZero()) {
      return null;
    }
    metrics.rejected(IngestMetrics.REQUEST, IngestProblem.RATE_LIMITED.code(), 1);
    return Problems.retryLater(
        IngestProblem.RATE_LIMITED,
        "Slow down and retry after the given delay",
        request.getPath(),
        wait);
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
