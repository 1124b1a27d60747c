package io.leadpipe.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.service.problem.Violation;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;
import java.util.List;

/** Builds {@code application/problem+json} responses (RFC 9457). */
public final class Problems {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  private Problems() {}

  public static Problem of(ProblemType type, String detail, String instance, List<Violation> violations,
      List<RejectedEvent> rejected) {
    return new Problem(type.uri(), type.title(), type.status(), detail, instance, violations, rejected);
  }

  public static MutableHttpResponse<byte[]> response(ProblemType type, String detail, String instance) {
    return response(of(type, detail, instance, List.of(), List.of()));
  }

  public static MutableHttpResponse<byte[]> response(ProblemType type, String detail, String instance,
      List<Violation> violations) {
    return response(of(type, detail, instance, violations, List.of()));
  }

  public static MutableHttpResponse<byte[]> response(Problem problem) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(problem.status()))
        .contentType(MEDIA_TYPE)
        .body(toJson(problem));
  }

  /** 429 and 503 tell the client when to come back. */
  public static MutableHttpResponse<byte[]> retryLater(ProblemType type, String detail, String instance,
      Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return response(type, detail, instance).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
  }

  public static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Problem details are plain records and always serialise", e);
    }
  }
}
