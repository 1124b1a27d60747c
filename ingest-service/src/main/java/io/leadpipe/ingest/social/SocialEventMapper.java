package io.leadpipe.ingest.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.config.SocialSettings;
import io.leadpipe.ingest.enrichment.ContextMapper;
import io.leadpipe.ingest.event.Envelope;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.trust.DeclaredFollowers;
import io.leadpipe.ingest.trust.TrustedSignals;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topics;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One social interaction (follow, like, comment, share, mention, message, referral click) from a
 * social connector → {@link SocialEvent} on leadpipe.social-events, keyed by visitor. Unknown kinds
 * are kept as OTHER, as unknown track names are kept as custom events. A follower count is the
 * sender's declaration: refused from a browser source ({@link TrustedSignals}), else capped at
 * {@code leadpipe.ingest.social.max-declared-followers} and marked as declared.
 */
@Singleton
public class SocialEventMapper {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-]+");

  private final ContextMapper contexts;
  private final IngestLimits limits;
  private final SocialSettings settings;

  public SocialEventMapper(ContextMapper contexts, IngestLimits limits, SocialSettings settings) {
    this.contexts = contexts;
    this.limits = limits;
    this.settings = settings;
  }

  public MappedEvent social(JsonNode message, int index, byte[] original, RequestMeta meta) {
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    int shortText = limits.maxNameLength();
    int text = limits.maxTextLength();
    String network = r.requiredText(message, "network", "", shortText);
    String kind = r.requiredText(message, "kind", "", shortText);
    EventContext context =
        FieldReader.field(message, "context") == null
            ? null
            : contexts.map(message, null, meta, r).context();
    SocialEvent.Builder builder =
        SocialEvent.newBuilder()
            .setMessageId(envelope.messageId())
            .setAnonymousId(envelope.anonymousId())
            .setUserId(envelope.userId())
            .setEventTime(envelope.eventTime())
            .setReceivedAt(meta.receivedAt())
            .setSource(meta.source())
            .setNetwork(network == null ? "" : network.trim().toLowerCase(Locale.ROOT))
            .setKind(kind == null ? SocialKind.OTHER : kindOf(kind))
            .setActorHandle(r.text(message, "actorHandle", "", shortText))
            .setPostUrl(r.text(message, "postUrl", "", text))
            .setProductId(r.id(message, "productId", "", shortText))
            .setText(r.text(message, "text", "", text))
            .setReferralCode(r.id(message, "referralCode", "", limits.maxIdLength()))
            .setContext(context);
    Long followerCount = r.nonNegativeLong(message, "followerCount", "");
    // Refused for its source alone, the reason says so; also invalid, it is an invalid event.
    boolean valid = !r.hasViolations();
    Optional<String> refused =
        TrustedSignals.refusedFollowerCount(meta.sourceKind(), followerCount);
    refused.ifPresent(problem -> r.violation("followerCount", problem));
    if (followerCount != null) {
      DeclaredFollowers declared =
          DeclaredFollowers.of(followerCount, settings.maxDeclaredFollowers());
      builder
          .setFollowerCount(declared.count())
          .setFollowerCountDeclared(true)
          .setFollowerCountCapped(declared.capped());
    }
    if (r.hasViolations()) {
      return new MappedEvent.Rejected(
          index,
          "social",
          envelope.messageId(),
          envelope.visitorId(),
          valid && refused.isPresent() ? TrustedSignals.UNTRUSTED_SOURCE : "invalid-event",
          r.violations(),
          original);
    }
    return new MappedEvent.Accepted(
        index, "social", Topics.SOCIAL_EVENTS, envelope.visitorId(), builder.build());
  }

  /** "referral_click", "Referral Click" and "referral-click" are one kind. */
  static SocialKind kindOf(String kind) {
    String normalized = SEPARATORS.matcher(kind.trim().toUpperCase(Locale.ROOT)).replaceAll("_");
    try {
      return SocialKind.valueOf(normalized);
    } catch (IllegalArgumentException e) {
      return SocialKind.OTHER;
    }
  }
}
