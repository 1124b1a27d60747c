package io.leadpipe.service.survey;

import java.time.Instant;
import java.util.Objects;

/**
 * What a survey link stands for: one follow-up (a survey step of one hesitation's sequence) sent to
 * one visitor, until it expires.
 *
 * @param triggerId the survey step's trigger id: the answer resolves this step
 * @param visitorId the visitor the follow-up went to (the key of their profile)
 * @param userId their user id when known, else null: the answer is sent under it, as the shop's own
 *     events for a known visitor are
 * @param hesitationId the hesitation the survey asks about
 * @param locale the visitor's locale from their profile (e.g. {@code de-AT}), or null
 * @param expiresAt after this the page refuses the link
 */
public record SurveyTicket(
    String triggerId,
    String visitorId,
    String userId,
    String hesitationId,
    String locale,
    Instant expiresAt) {

  public SurveyTicket {
    Objects.requireNonNull(triggerId, "triggerId");
    Objects.requireNonNull(visitorId, "visitorId");
    Objects.requireNonNull(hesitationId, "hesitationId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
