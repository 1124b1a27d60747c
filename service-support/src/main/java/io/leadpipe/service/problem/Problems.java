package io.leadpipe.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Builds {@code application/problem+json} responses (RFC 9457). The body is written here, not by
 * the service's JSON codec, so a problem reads the same whatever the service configures
 * (scoring-stream writes nulls, ingest does not).
 */
public final class Problems {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final ObjectMapper COMPACT =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
  private static final ObjectMapper COMPLETE =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private Problems() {}

  public static Problem of(ProblemType type, String detail, String instance) {
    return of(type, detail, instance, List.of(), List.of());
  }

  public static Problem of(
      ProblemType type,
      String detail,
      String instance,
      List<Violation> violations,
      List<RejectedEvent> rejected) {
    return new Problem(
        type.uri(), type.title(), type.status(), detail, instance, violations, rejected);
  }

  public static MutableHttpResponse<byte[]> response(
      ProblemType type, String detail, String instance) {
    return response(type, detail, instance, List.of());
  }

  public static MutableHttpResponse<byte[]> response(
      ProblemType type, String detail, String instance, List<Violation> violations) {
    return response(of(type, detail, instance, violations, List.of()), type.format());
  }

  /**
   * A problem built by hand (codes outside the service's enum), written {@link
   * ProblemFormat#COMPACT}.
   */
  public static MutableHttpResponse<byte[]> response(Problem problem) {
    return response(problem, ProblemFormat.COMPACT);
  }

  public static MutableHttpResponse<byte[]> response(Problem problem, ProblemFormat format) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(problem.status()))
        .contentType(MEDIA_TYPE)
        .body(toJson(problem, format));
  }

  /** 429 and 503 tell the client when to come back (whole seconds, at least one). */
  public static MutableHttpResponse<byte[]> retryLater(
      ProblemType type, String detail, String instance, Duration retryAfter) {
    return response(type, detail, instance)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
  }

  static String retryAfterSeconds(Duration retryAfter) {
    return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
  }

  /** Plain records as compact JSON (also ingest's success answers, so both read alike). */
  public static byte[] toJson(Object value) {
    return toJson(value, ProblemFormat.COMPACT);
  }

  public static byte[] toJson(Object value, ProblemFormat format) {
    try {
      return (format == ProblemFormat.COMPLETE ? COMPLETE : COMPACT).writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Problem details are plain records and always serialise", e);
    }
  }
}
