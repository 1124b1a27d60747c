package io.leadpipe.ingest.http;

import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Bodies beyond the server's hard limit (micronaut.server.max-request-size) are refused by Netty
 * before any controller runs; they get the same 413 problem as a batch over the ingest limit.
 */
@Produces
@Singleton
@Replaces(ContentLengthExceededHandler.class)
public class BodyTooLargeHandler
    implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

  private final IngestMetrics metrics;

  public BodyTooLargeHandler(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
    metrics.rejected(IngestMetrics.REQUEST, IngestProblem.BATCH_TOO_LARGE.code(), 1);
    return Problems.response(
        IngestProblem.BATCH_TOO_LARGE,
        "The body is larger than the server accepts",
        request.getPath());
  }
}
