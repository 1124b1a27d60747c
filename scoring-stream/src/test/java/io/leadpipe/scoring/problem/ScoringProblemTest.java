package io.leadpipe.scoring.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring's problems read as its clients got them from its inclusion: always codec: every member,
 * nulls too.
 */
class ScoringProblemTest {

  private static String body(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void everyMemberIsWrittenEvenWhenEmpty() {
    assertThat(
            body(
                Problems.response(ScoringProblem.NOT_FOUND, "No resource at this path", "/v1/nope")
                    .body()))
        .isEqualTo(
            "{\"type\":\"https://leadpipe.io/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"No resource at this path\",\"instance\":\"/v1/nope\",\"violations\":[]}");
  }

  @Test
  void violationsKeepAnEmptyFieldForTheWholeBody() {
    assertThat(
            body(
                Problems.response(
                        ScoringProblem.INVALID_JSON,
                        "The body is not valid JSON",
                        "/admin/segments",
                        List.of(new Violation("", "the body is not valid JSON")))
                    .body()))
        .endsWith("\"violations\":[{\"field\":\"\",\"message\":\"the body is not valid JSON\"}]}");
  }
}
