package io.leadpipe.scoring.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;
import java.util.List;

/** Builds {@code application/problem+json} responses (RFC 9457). */
public final class Problems {

  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  public static MutableHttpResponse<Problem> response(ProblemType type, String detail, String instance) {
    return response(type, detail, instance, List.of());
  }

  public static MutableHttpResponse<Problem> response(ProblemType type, String detail, String instance,
      List<Violation> violations) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(type.status()))
        .contentType(MEDIA_TYPE)
        .body(new Problem(type.uri(), type.title(), type.status(), detail, instance, List.copyOf(violations)));
  }

  /** 503 tells the client when to come back. */
  public static MutableHttpResponse<Problem> retryLater(String detail, String instance, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return response(ProblemType.UNAVAILABLE, detail, instance).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
  }
}
