package io.leadpipe.ingest.survey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.event.IngestResult;
import io.leadpipe.ingest.event.IngestService;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.survey.SurveyTicket;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * An answer on the survey page becomes the feedback event a shop would send itself ({@code Feedback
 * Submitted}, docs: tracking API), under the visitor the survey went to, through the same
 * validation, enrichment and publishing as every tracked event: scoring takes it as the stated
 * reason, and the notifier resolves the survey step it answers. A changed answer is a new event
 * (its own message id); the latest one counts.
 */
@Singleton
class SurveyAnswers {

  /** The source name answers carry: what the survey page is, for dedupe and dead letters. */
  static final String SOURCE = "survey";

  static final String ENDPOINT = "/survey";

  /** The comment box's limit, also set on the box itself. */
  static final int MAX_COMMENT_CHARS = 2000;

  private static final String EVENT = "Feedback Submitted";

  private final IngestService ingest;
  private final ObjectMapper json = new ObjectMapper();

  SurveyAnswers(IngestService ingest) {
    this.ingest = ingest;
  }

  /**
   * Completes when Kafka acknowledged the answer.
   *
   * @param question the question as the page asked it, in the page's language
   */
  CompletableFuture<IngestResult> submit(
      SurveyTicket ticket,
      HesitationReason answer,
      String comment,
      String question,
      SurveyLanguage language,
      Instant at,
      String clientIp,
      String userAgent) {
    ObjectNode event = json.createObjectNode();
    event.put("type", "track");
    event.put("event", EVENT);
    if (ticket.userId() != null) {
      event.put("userId", ticket.userId());
    } else {
      event.put("anonymousId", ticket.visitorId());
    }
    event.put("timestamp", at.toString());
    ObjectNode properties = event.putObject("properties");
    properties.put("followupId", ticket.triggerId());
    properties.put("hesitationId", ticket.hesitationId());
    properties.put("question", question);
    properties.put("statedReason", answer.name());
    if (comment != null && !comment.isBlank()) {
      properties.put("comment", comment.strip());
    }
    ObjectNode context = event.putObject("context");
    context.put("locale", language.code());
    RequestMeta meta =
        new RequestMeta(SOURCE, SourceKind.BROWSER, ENDPOINT, at, clientIp, userAgent, null, null);
    byte[] body;
    try {
      body = json.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode always serializes", e);
    }
    return ingest.ingest(Call.TRACK, body, meta);
  }
}
