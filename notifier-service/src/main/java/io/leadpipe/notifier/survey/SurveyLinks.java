package io.leadpipe.notifier.survey;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.survey.SurveyKey;
import io.leadpipe.service.survey.SurveyTicket;
import io.leadpipe.service.survey.SurveyTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The link a survey follow-up carries ({@code attributes.surveyUrl}): ingest's hosted survey page
 * for this visitor and step, sealed with the survey key both services share, open for {@code
 * lifetime} from the send. The same send always gives the same link, so a trigger replayed by
 * exactly-once processing is identical.
 */
public final class SurveyLinks {

  /** The trigger attribute holding the link. */
  public static final String ATTRIBUTE = "surveyUrl";

  public static final String BASE_URL = "leadpipe.notifier.survey.base-url";
  public static final String LIFETIME = "leadpipe.notifier.survey.link-lifetime";

  /** Where ingest's page is when nothing is configured in local mode (bin/run-local's ingest). */
  public static final String LOCAL_BASE_URL = "http://localhost:8080/survey/";

  private final SurveyTokens tokens;
  private final String base;
  private final Duration lifetime;

  public SurveyLinks(SurveyTokens tokens, String base, Duration lifetime) {
    this.tokens = tokens;
    this.base = base.endsWith("/") ? base : base + "/";
    this.lifetime = lifetime;
  }

  /**
   * From the settings: outside local mode the base URL must be set (a link to localhost in a
   * customer's mail helps nobody) and the key must be one of the operator's own.
   *
   * @throws ConfigBindingException naming the setting that is missing or invalid
   */
  public static SurveyLinks of(RunMode mode, String baseUrl, Duration lifetime, String key) {
    String base = baseUrl == null ? "" : baseUrl.trim();
    if (base.isEmpty()) {
      if (!mode.isLocal()) {
        throw new ConfigBindingException(
            BASE_URL,
            "not set. Outside local mode set LEADPIPE_SURVEY_BASE_URL to the public address of"
                + " ingest's survey page, e.g. https://track.example.com/survey/");
      }
      base = LOCAL_BASE_URL;
    }
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(BASE_URL, "'" + base + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new ConfigBindingException(BASE_URL, "'" + base + "' is not an http(s) URL");
    }
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new ConfigBindingException(LIFETIME, "must be positive: " + lifetime);
    }
    return new SurveyLinks(SurveyKey.tokens(mode, key), base, lifetime);
  }

  /**
   * The link for a survey sent at {@code sentAt}.
   *
   * @param userId the visitor's user id when known, else null
   * @param locale the visitor's locale if known, else null (the page then asks the browser)
   */
  public String linkFor(
      String triggerId,
      String visitorId,
      String userId,
      String hesitationId,
      String locale,
      Instant sentAt) {
    return base
        + tokens.seal(
            new SurveyTicket(
                triggerId, visitorId, userId, hesitationId, locale, sentAt.plus(lifetime)));
  }
}
