package io.leadpipe.service.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * The errors Micronaut answers before an endpoint runs — a content type the endpoints do not take
 * (415), no such route (404), a wrong method (405) — become problem details like every other error
 * of the service, so clients parse one error format. Active in a service that declares a {@link
 * FrameworkErrors} bean saying which problem each status becomes; services answering those errors
 * with their own handlers leave it out.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
@Requires(beans = FrameworkErrors.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

  private final FrameworkErrors errors;

  public ProblemErrorResponseProcessor(FrameworkErrors errors) {
    this.errors = errors;
  }

  @Override
  public MutableHttpResponse<byte[]> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.status();
    Problem problem = errors.problemFor(status, context.getRequest().getPath());
    return response.contentType(Problems.MEDIA_TYPE).body(Problems.toJson(problem));
  }
}
