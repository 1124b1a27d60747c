package io.leadpipe.dashboard.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SurveyAnswersTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void statedReasonsAreCountedAndTheLatestCommentsKept() {
    SurveyAnswers survey = new SurveyAnswers(10, 2);
    survey.answered(T0, "PRICE", "too expensive", Set.of("bargain"));
    survey.answered(T0.plusSeconds(1), "SHIPPING", "  shipping costs  ", Set.of());
    survey.answered(T0.plusSeconds(2), "PRICE", null, Set.of());
    survey.answered(T0.plusSeconds(3), "QUALITY", "<script>alert(1)</script>", Set.of());

    SurveyAnswers.Summary summary = survey.snapshot(id -> id);
    assertThat(summary.statedReasons().total()).isEqualTo(4);
    assertThat(summary.statedReasons().overall()).containsEntry("PRICE", 2L);
    assertThat(summary.statedReasons().bySegment()).hasSize(1);
    // Kept as the visitor wrote it (stripped): escaping is the page's job, which shows it as text.
    assertThat(summary.recentComments())
        .containsExactly(
            new SurveyAnswers.Comment(T0.plusSeconds(1), "SHIPPING", "shipping costs"),
            new SurveyAnswers.Comment(T0.plusSeconds(3), "QUALITY", "<script>alert(1)</script>"));
  }

  @Test
  void aLongCommentIsShortenedWithoutSplittingACharacter() {
    SurveyAnswers survey = new SurveyAnswers(10, 1);
    String emoji = "\uD83D\uDE00";
    survey.answered(T0, "OTHER", emoji.repeat(SurveyAnswers.MAX_COMMENT_CHARS + 5), Set.of());

    String text = survey.snapshot(id -> id).recentComments().get(0).text();
    assertThat(text.codePointCount(0, text.length()))
        .isEqualTo(SurveyAnswers.MAX_COMMENT_CHARS + 1);
    assertThat(text).startsWith(emoji).endsWith(emoji + "…");
  }
}
