package io.leadpipe.ingest.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SurveyLanguageTest {

  @Test
  void the_switch_wins_then_the_profile_then_the_browser_then_english() {
    assertThat(SurveyLanguage.choose("hu", "de-AT", "en-US")).isEqualTo(SurveyLanguage.HU);
    assertThat(SurveyLanguage.choose(null, "de_AT", "hu")).isEqualTo(SurveyLanguage.DE);
    assertThat(SurveyLanguage.choose("fr", "fr-FR", "fr-CH, hu;q=0.8, en;q=0.5"))
        .isEqualTo(SurveyLanguage.HU);
    assertThat(SurveyLanguage.choose(null, null, "ja, zh;q=0.9")).isEqualTo(SurveyLanguage.EN);
    assertThat(SurveyLanguage.choose(null, null, "not a header;;q=x")).isEqualTo(SurveyLanguage.EN);
  }

  @Test
  void every_language_has_every_text_and_visitor_text_is_escaped() {
    for (SurveyLanguage language : SurveyLanguage.values()) {
      SurveyPage page = new SurveyPage(language);
      String form = page.form("tok", "proof\"<x>", null, "<script>alert(1)</script>");
      assertThat(form)
          .contains("<html lang=\"" + language.code() + "\"")
          .doesNotContain("<script>")
          .contains("&lt;script&gt;")
          .contains("value=\"proof&quot;&lt;x&gt;\"");
      for (var answer : SurveyPage.ANSWERS) {
        assertThat(page.answerText(answer)).isNotBlank();
      }
      for (String notice : new String[] {"expired", "forged", "refused", "unavailable"}) {
        assertThat(page.notice(notice)).contains("<h1>");
      }
    }
    assertThat(new SurveyPage(SurveyLanguage.DE).text("question"))
        .isNotEqualTo(new SurveyPage(SurveyLanguage.EN).text("question"));
    assertThat(new SurveyPage(SurveyLanguage.HU).text("thanks.title")).isEqualTo("Köszönjük!");
  }
}
