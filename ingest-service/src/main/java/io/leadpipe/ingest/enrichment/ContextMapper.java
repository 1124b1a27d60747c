package io.leadpipe.ingest.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.ingest.config.EnrichmentSettings;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.common.DeviceInfo;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.UtmFields;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the contract's {@link EventContext} from a Segment {@code context} (page, userAgent, ip,
 * locale, timezone, library, campaign) and enriches it: user agent parsed, client address
 * anonymised, campaign fields from the page URL. For page calls the page's own properties (url,
 * path, title, referrer) win.
 */
@Singleton
public class ContextMapper {

  /** The result: the context and the referral code found in the page URL, if any. */
  public record Mapped(EventContext context, String referralCodeFromUrl) {}

  private final UserAgentParser userAgents;
  private final EnrichmentSettings settings;
  private final IngestLimits limits;

  public ContextMapper(
      UserAgentParser userAgents, EnrichmentSettings settings, IngestLimits limits) {
    this.userAgents = userAgents;
    this.settings = settings;
    this.limits = limits;
  }

  /**
   * @param message the event; its {@code context} is read (merged over the batch context)
   * @param pageProperties for page calls the {@code properties} object (url, path, ...), else null
   */
  public Mapped map(JsonNode message, JsonNode pageProperties, RequestMeta meta, FieldReader r) {
    JsonNode context = merged(meta.batchContext(), r.object(message, "context", ""));
    JsonNode page = r.object(context, "page", "context");
    int text = limits.maxTextLength();
    int shortText = limits.maxNameLength();

    String url = r.text(page, "url", "context.page", text);
    String pagePath = r.text(page, "path", "context.page", text);
    String title = r.text(page, "title", "context.page", text);
    String referrer = r.text(page, "referrer", "context.page", text);
    if (pageProperties != null) {
      url = orElse(r.text(pageProperties, "url", "properties", text), url);
      pagePath = orElse(r.text(pageProperties, "path", "properties", text), pagePath);
      title = orElse(r.text(pageProperties, "title", "properties", text), title);
      referrer = orElse(r.text(pageProperties, "referrer", "properties", text), referrer);
    }
    String reportedAgent = r.text(context, "userAgent", "context", text);
    String userAgent = orElse(reportedAgent, meta.userAgentHeader());
    DeviceInfo device = userAgents.parse(userAgent);
    if (device != null && reportedAgent == null) {
      // Only the visitor's own device (context.userAgent, which the snippet and browser SDKs send)
      // says whether a robot browses: the header of a server SDK or app HTTP client sending on a
      // visitor's behalf (okhttp, python-requests, Java's HttpClient) parses as a robot too.
      device.setBot(false);
    }
    String ip = orElse(r.text(context, "ip", "context", shortText), meta.clientIp());
    JsonNode library = r.object(context, "library", "context");
    String libraryName = r.text(library, "name", "context.library", shortText);
    String libraryVersion = r.text(library, "version", "context.library", shortText);

    Map<String, String> params = UrlParameters.parse(url);
    UtmFields utm = UrlParameters.utm(params);
    if (utm == null) {
      utm = campaign(r.object(context, "campaign", "context"), r);
    }
    EventContext mapped =
        EventContext.newBuilder()
            .setPageUrl(url)
            .setPagePath(pagePath)
            .setPageTitle(title)
            .setReferrer(referrer)
            .setUtm(utm)
            .setUserAgent(userAgent)
            .setDevice(device)
            .setIp(settings.anonymizeIp() ? IpAnonymizer.anonymize(ip) : IpAnonymizer.normalize(ip))
            .setLocale(r.text(context, "locale", "context", shortText))
            .setTimezone(r.text(context, "timezone", "context", shortText))
            .setLibrary(
                libraryName == null
                    ? null
                    : libraryVersion == null ? libraryName : libraryName + "/" + libraryVersion)
            .setIntegrations(
                integrations(
                    merged(meta.batchIntegrations(), r.object(message, "integrations", ""))))
            .build();
    return new Mapped(mapped, params.get(settings.referralParameter()));
  }

  /** Segment's {@code integrations} (destination → true/false or options), values as JSON text. */
  private static Map<String, String> integrations(JsonNode integrations) {
    Map<String, String> out = new LinkedHashMap<>();
    if (integrations != null) {
      integrations.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().toString()));
    }
    return out;
  }

  /** Segment's {@code context.campaign}: name is the campaign. */
  private UtmFields campaign(JsonNode campaign, FieldReader r) {
    if (campaign == null) {
      return null;
    }
    int max = limits.maxNameLength();
    return UtmFields.newBuilder()
        .setSource(r.text(campaign, "source", "context.campaign", max))
        .setMedium(r.text(campaign, "medium", "context.campaign", max))
        .setCampaign(r.text(campaign, "name", "context.campaign", max))
        .setTerm(r.text(campaign, "term", "context.campaign", max))
        .setContent(r.text(campaign, "content", "context.campaign", max))
        .build();
  }

  /**
   * The batch's object (context or integrations) under the event's own: the event's top-level
   * fields win, as Segment merges them.
   */
  private static JsonNode merged(JsonNode batchContext, JsonNode eventContext) {
    if (batchContext == null || !batchContext.isObject()) {
      return eventContext;
    }
    if (eventContext == null) {
      return batchContext;
    }
    ObjectNode merged = ((ObjectNode) batchContext).deepCopy();
    merged.setAll((ObjectNode) eventContext);
    return merged;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
