package io.leadpipe.ingest.survey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Survey answers by answer, and links refused by why: a rise of forged links is someone trying
 * tokens, a rise of expired ones a link lifetime too short for how visitors read their mail.
 */
@Singleton
class SurveyMetrics {

  static final String ANSWERS = "leadpipe.survey.answers";
  static final String REFUSED = "leadpipe.survey.links.refused";

  /** Why a link or an answer was refused: the values of the {@code reason} tag. */
  enum Refusal {
    EXPIRED,
    FORGED,
    /** An answer posted without the page's form proof, or from another site. */
    NOT_FROM_THE_PAGE;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final MeterRegistry registry;

  SurveyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void answered(String answer) {
    Counter.builder(ANSWERS)
        .description("Survey answers accepted, by answer")
        .tag("answer", answer)
        .register(registry)
        .increment();
  }

  void refused(Refusal why) {
    Counter.builder(REFUSED)
        .description("Survey links or answers refused, by reason")
        .tag("reason", why.tag())
        .register(registry)
        .increment();
  }
}
