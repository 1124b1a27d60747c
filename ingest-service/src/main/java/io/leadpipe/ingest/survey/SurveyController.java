package io.leadpipe.ingest.survey;

import io.leadpipe.ingest.enrichment.ClientAddress;
import io.leadpipe.ingest.event.InvalidBodyException;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.survey.SurveyTicket;
import io.leadpipe.service.survey.SurveyTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted "why didn't you buy?" survey at the link the notifier puts in a survey follow-up
 * ({@code /survey/<token>}): the question with one button per answer, in the visitor's language,
 * without JavaScript. An answer is posted back to the same link and becomes a feedback event
 * ({@link SurveyAnswers}); a second answer replaces the first. A closed (expired) link gets 410, an
 * invalid one 404, both with a friendly page, and both are counted.
 *
 * <p>Posting an answer needs the form proof the page carries (only the page served for this link
 * has it) and is refused when the browser says it comes from another site ({@code Sec-Fetch-Site:
 * cross-site}). Pages are never cached, never framed and never send the link on as a referrer. The
 * token and the visitor are never logged.
 */
@Controller("/survey")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SurveyController {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyController.class);

  private static final String HTML = MediaType.TEXT_HTML + "; charset=utf-8";
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'";

  /** How long a visitor should wait before answering again when Kafka did not take an answer. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final SurveyTokens tokens;
  private final SurveyAnswers answers;
  private final SurveyMetrics metrics;
  private final ClientAddress clientAddress;
  private final Clock clock;

  public SurveyController(
      SurveyTokens tokens,
      SurveyAnswers answers,
      SurveyMetrics metrics,
      ClientAddress clientAddress,
      Clock clock) {
    this.tokens = tokens;
    this.answers = answers;
    this.metrics = metrics;
    this.clientAddress = clientAddress;
    this.clock = clock;
  }

  @Get(uri = "/{token}", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> show(
      String token,
      @Nullable @QueryValue String lang,
      @Nullable @QueryValue String answered,
      HttpRequest<?> request) {
    SurveyTokens.Verified verified = tokens.open(token, clock.instant());
    SurveyPage page = page(lang, verified, request);
    if (!(verified instanceof SurveyTokens.Valid)) {
      return refusal(verified, page);
    }
    HesitationReason shown = answer(answered).orElse(null);
    return html(HttpStatus.OK, page.form(token, tokens.formProof(token), shown, null));
  }

  @Post(
      uri = "/{token}",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  public HttpResponse<String> answer(
      String token,
      @Nullable @Body("reason") String reason,
      @Nullable @Body("comment") String comment,
      @Nullable @Body("proof") String proof,
      @Nullable @Body("lang") String lang,
      HttpRequest<?> request) {
    Instant now = clock.instant();
    SurveyTokens.Verified verified = tokens.open(token, now);
    SurveyPage page = page(lang, verified, request);
    if (!(verified instanceof SurveyTokens.Valid valid)) {
      return refusal(verified, page);
    }
    if (!tokens.isFormProof(token, proof)
        || "cross-site".equalsIgnoreCase(request.getHeaders().get("Sec-Fetch-Site"))) {
      metrics.refused(SurveyMetrics.Refusal.NOT_FROM_THE_PAGE);
      return html(HttpStatus.FORBIDDEN, page.notice("refused"));
    }
    Optional<HesitationReason> answer = answer(reason);
    if (answer.isEmpty()
        || (comment != null && comment.length() > SurveyAnswers.MAX_COMMENT_CHARS)) {
      return html(
          HttpStatus.BAD_REQUEST,
          page.form(token, tokens.formProof(token), null, page.text("invalid.answer")));
    }
    try {
      answers
          .submit(
              valid.ticket(),
              answer.get(),
              comment,
              page.text("question"),
              language(lang, valid.ticket(), request),
              now,
              clientAddress.of(request),
              request.getHeaders().get(HttpHeaders.USER_AGENT))
          .get();
    } catch (ExecutionException | RuntimeException e) {
      if (rootCause(e) instanceof InvalidBodyException) {
        // A rule of the tracking API refused it (dead-lettered with the reason): not retryable.
        return html(
            HttpStatus.BAD_REQUEST,
            page.form(token, tokens.formProof(token), null, page.text("invalid.answer")));
      }
      // Kafka did not take it: the visitor may simply answer again.
      LOG.warn("A survey answer was not published: {}", rootCause(e).getClass().getSimpleName());
      return html(HttpStatus.SERVICE_UNAVAILABLE, page.notice("unavailable"))
          .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return html(HttpStatus.SERVICE_UNAVAILABLE, page.notice("unavailable"));
    }
    metrics.answered(answer.get().name());
    // Post/redirect/get: reloading the thank-you page does not send the answer again.
    return HttpResponse.<String>status(HttpStatus.SEE_OTHER)
        .headers(
            h ->
                h.location(
                    URI.create(
                        token
                            + "?lang="
                            + language(lang, valid.ticket(), request).code()
                            + "&answered="
                            + answer.get().name())))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer");
  }

  private SurveyPage page(String lang, SurveyTokens.Verified verified, HttpRequest<?> request) {
    SurveyTicket ticket =
        verified instanceof SurveyTokens.Valid v
            ? v.ticket()
            : verified instanceof SurveyTokens.Expired e ? e.ticket() : null;
    return new SurveyPage(language(lang, ticket, request));
  }

  private static SurveyLanguage language(String lang, SurveyTicket ticket, HttpRequest<?> request) {
    return SurveyLanguage.choose(
        lang,
        ticket == null ? null : ticket.locale(),
        request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
  }

  private HttpResponse<String> refusal(SurveyTokens.Verified verified, SurveyPage page) {
    if (verified instanceof SurveyTokens.Expired) {
      metrics.refused(SurveyMetrics.Refusal.EXPIRED);
      return html(HttpStatus.GONE, page.notice("expired"));
    }
    metrics.refused(SurveyMetrics.Refusal.FORGED);
    return html(HttpStatus.NOT_FOUND, page.notice("forged"));
  }

  private static Optional<HesitationReason> answer(String value) {
    return value == null
        ? Optional.empty()
        : SurveyPage.ANSWERS.stream().filter(r -> r.name().equals(value)).findFirst();
  }

  private static MutableHttpResponse<String> html(HttpStatus status, String body) {
    return HttpResponse.<String>status(status)
        .body(body)
        .contentType(HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY");
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
