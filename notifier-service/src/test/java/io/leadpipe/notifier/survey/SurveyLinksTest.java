package io.leadpipe.notifier.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SurveyLinksTest {

  private static final String KEY = "a-survey-key-of-our-own-0123456789";
  private static final Duration TWO_WEEKS = Duration.ofDays(14);

  @Test
  void local_mode_links_to_the_local_ingest_with_the_demo_key() {
    String link =
        SurveyLinks.of(RunMode.LOCAL, "", TWO_WEEKS, null)
            .linkFor("h-1#3", "v-1", null, "h-1", null, Instant.parse("2026-12-03T10:00:00Z"));

    assertThat(link).startsWith(SurveyLinks.LOCAL_BASE_URL).hasSizeGreaterThan(60);
  }

  @Test
  void production_needs_a_base_url_a_key_of_its_own_and_a_positive_lifetime() {
    assertThatThrownBy(() -> SurveyLinks.of(RunMode.PRODUCTION, "", TWO_WEEKS, KEY))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining(SurveyLinks.BASE_URL)
        .hasMessageContaining("LEADPIPE_SURVEY_BASE_URL");
    assertThatThrownBy(() -> SurveyLinks.of(RunMode.PRODUCTION, "ftp://x/survey", TWO_WEEKS, KEY))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining(SurveyLinks.BASE_URL);
    assertThatThrownBy(
            () -> SurveyLinks.of(RunMode.PRODUCTION, "https://t.example/survey/", TWO_WEEKS, null))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("LEADPIPE_SURVEY_SIGNING_KEY");
    assertThatThrownBy(
            () ->
                SurveyLinks.of(RunMode.PRODUCTION, "https://t.example/survey/", Duration.ZERO, KEY))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining(SurveyLinks.LIFETIME);
    assertThat(
            SurveyLinks.of(RunMode.PRODUCTION, "https://t.example/survey", TWO_WEEKS, KEY)
                .linkFor("t", "v", null, "h", "de", Instant.EPOCH))
        .startsWith("https://t.example/survey/");
  }
}
