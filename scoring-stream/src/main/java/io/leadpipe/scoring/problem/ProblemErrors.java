package io.leadpipe.scoring.problem;

import io.leadpipe.service.problem.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Framework-level errors answered as problem+json too, so clients parse one error format
 * everywhere.
 */
@Controller
public class ProblemErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrors.class);

  @Error(status = HttpStatus.NOT_FOUND, global = true)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request) {
    return Problems.response(
        ScoringProblem.NOT_FOUND, "No resource at this path", request.getPath());
  }

  @Error(status = HttpStatus.METHOD_NOT_ALLOWED, global = true)
  public HttpResponse<byte[]> methodNotAllowed(HttpRequest<?> request) {
    return Problems.response(
        ScoringProblem.METHOD_NOT_ALLOWED,
        request.getMethodName() + " is not allowed here",
        request.getPath());
  }

  @Error(status = HttpStatus.UNSUPPORTED_MEDIA_TYPE, global = true)
  public HttpResponse<byte[]> unsupportedMediaType(HttpRequest<?> request) {
    return Problems.response(
        ScoringProblem.UNSUPPORTED_MEDIA_TYPE, "Send application/json", request.getPath());
  }

  @Error(exception = ContentLengthExceededException.class, global = true)
  public HttpResponse<byte[]> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
    return Problems.response(ScoringProblem.TOO_LARGE, e.getMessage(), request.getPath());
  }

  @Error(exception = UnsatisfiedRouteException.class, global = true)
  public HttpResponse<byte[]> unsatisfied(HttpRequest<?> request, UnsatisfiedRouteException e) {
    return Problems.response(ScoringProblem.INVALID_REQUEST, e.getMessage(), request.getPath());
  }

  /** Anything unexpected: logged with its stack trace here, answered without internals. */
  @Error(exception = Exception.class, global = true)
  public HttpResponse<byte[]> unexpected(HttpRequest<?> request, Exception e) {
    LOG.error("Unexpected error on {} {}", request.getMethodName(), request.getPath(), e);
    return Problems.response(
        ScoringProblem.INTERNAL, "An unexpected error occurred", request.getPath());
  }
}
