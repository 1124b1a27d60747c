package io.leadpipe.ingest.http;

import io.leadpipe.service.problem.Problem;
import io.leadpipe.ingest.problem.ProblemType;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The errors Micronaut answers before an endpoint runs — a content type the endpoints do not take (415), no such
 * route (404), a wrong method (405) — are problem details like every other error of ingest, so clients parse one
 * error format. The detail is fixed per status: framework messages may quote the request, and 5xx ones internals.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

  @Override
  public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.status();
    Problem problem = status == HttpStatus.UNSUPPORTED_MEDIA_TYPE
        ? Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.UNSUPPORTED_MEDIA_TYPE.title(),
            context.getRequest().getPath(), List.of(), List.of())
        : new Problem(Problem.TYPE_BASE + "http-" + status.getCode(), status.getReason(), status.getCode(),
            status.getReason(), context.getRequest().getPath(), List.of(), List.of());
    return response.contentType(Problems.MEDIA_TYPE).body(Problems.toJson(problem));
  }
}
