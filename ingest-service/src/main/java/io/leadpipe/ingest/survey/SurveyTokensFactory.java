package io.leadpipe.ingest.survey;

import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.survey.SurveyKey;
import io.leadpipe.service.survey.SurveyTokens;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;

/**
 * The key survey links are opened with ({@code leadpipe.survey.signing-key}, the notifier's too):
 * start-up fails naming it when it is missing or a demo key outside local mode.
 */
@Factory
class SurveyTokensFactory {

  // @Context: a missing key fails start-up, not the first visitor who opens a link.
  @Context
  SurveyTokens surveyTokens(RunMode mode, @Value("${leadpipe.survey.signing-key:}") String key) {
    return SurveyKey.tokens(mode, key);
  }
}
