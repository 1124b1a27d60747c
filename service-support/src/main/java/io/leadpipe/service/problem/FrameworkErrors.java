package io.leadpipe.service.problem;

import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * Which problem an error answered by the framework becomes (see {@link
 * ProblemErrorResponseProcessor}). The detail is fixed per status: framework messages may quote the
 * request, and 5xx ones internals.
 */
public interface FrameworkErrors {

  /**
   * By default {@code http-<status>}, with the reason phrase as title and detail; override for the
   * service's codes.
   */
  default Problem problemFor(HttpStatus status, String path) {
    return new Problem(
        Problem.TYPE_BASE + "http-" + status.getCode(),
        status.getReason(),
        status.getCode(),
        status.getReason(),
        path,
        List.of(),
        List.of());
  }
}
