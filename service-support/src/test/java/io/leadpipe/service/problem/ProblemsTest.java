package io.leadpipe.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  private enum Codes implements ProblemType {
    INVALID("invalid-request", 400, "The request is invalid"),
    BUSY("unavailable", 503, "Not available right now");

    private final String code;
    private final int status;
    private final String title;

    Codes(String code, int status, String title) {
      this.code = code;
      this.status = status;
      this.title = title;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public String title() {
      return title;
    }
  }

  /** The same codes written the way a service that lists every member wants them. */
  private enum CompleteCodes implements ProblemType {
    INVALID;

    @Override
    public String code() {
      return "invalid-request";
    }

    @Override
    public int status() {
      return 400;
    }

    @Override
    public String title() {
      return "The request is invalid";
    }

    @Override
    public ProblemFormat format() {
      return ProblemFormat.COMPLETE;
    }
  }

  private static String body(MutableHttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theTypeIsTheCodeUnderTheSharedBaseAndStatusAndTitleComeFromTheCode() {
    MutableHttpResponse<byte[]> response = Problems.response(Codes.INVALID, "Fix it", "/v1/x");

    assertThat(response.code()).isEqualTo(400);
    assertThat(response.getContentType())
        .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
    assertThat(body(response))
        .isEqualTo(
            "{\"type\":\"https://leadpipe.io/problems/invalid-request\","
                + "\"title\":\"The request is invalid\",\"status\":400,\"detail\":\"Fix it\",\"instance\":\"/v1/x\"}");
  }

  @Test
  void compactLeavesOutEmptyAndAbsentMembersEvenInsideViolations() {
    MutableHttpResponse<byte[]> response =
        Problems.response(
            Codes.INVALID,
            "Fix it",
            null,
            List.of(new Violation("", "the body must be a JSON object")));

    assertThat(body(response))
        .isEqualTo(
            "{\"type\":\"https://leadpipe.io/problems/invalid-request\","
                + "\"title\":\"The request is invalid\",\"status\":400,\"detail\":\"Fix it\","
                + "\"violations\":[{\"message\":\"the body must be a JSON object\"}]}");
  }

  @Test
  void completeWritesEveryMemberButNeverAnEmptyRejectedList() {
    assertThat(body(Problems.response(CompleteCodes.INVALID, "Fix it", "/v1/x")))
        .isEqualTo(
            "{\"type\":\"https://leadpipe.io/problems/invalid-request\","
                + "\"title\":\"The request is invalid\",\"status\":400,\"detail\":\"Fix it\",\"instance\":\"/v1/x\","
                + "\"violations\":[]}");
    assertThat(
            body(
                Problems.response(
                    CompleteCodes.INVALID, "Fix it", "/v1/x", List.of(new Violation("", "bad")))))
        .endsWith("\"violations\":[{\"field\":\"\",\"message\":\"bad\"}]}");
  }

  @Test
  void rejectedEventsOfABatchAreListedAfterTheViolations() {
    Problem problem =
        Problems.of(
            Codes.INVALID,
            "None valid",
            "/v1/batch",
            List.of(),
            List.of(
                new RejectedEvent(
                    2, "m-2", "invalid-event", List.of(new Violation("userId", "is required")))));

    assertThat(body(Problems.response(problem)))
        .endsWith(
            "\"instance\":\"/v1/batch\",\"rejected\":[{\"index\":2,"
                + "\"messageId\":\"m-2\",\"reason\":\"invalid-event\",\"violations\":[{\"field\":\"userId\","
                + "\"message\":\"is required\"}]}]}");
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(
            Problems.retryLater(Codes.BUSY, "later", "/x", Duration.ofMillis(1500))
                .getHeaders()
                .get(HttpHeaders.RETRY_AFTER))
        .isEqualTo("2");
    assertThat(
            Problems.retryLater(Codes.BUSY, "later", "/x", Duration.ZERO)
                .getHeaders()
                .get(HttpHeaders.RETRY_AFTER))
        .isEqualTo("1");
    assertThat(Problems.retryLater(Codes.BUSY, "later", "/x", Duration.ofSeconds(5)).code())
        .isEqualTo(503);
  }
}
