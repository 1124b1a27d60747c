package io.leadpipe.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.visitor.VisitorId;
import java.time.Instant;
import java.util.UUID;

/**
 * The fields every call shares (Segment's common fields): who, which message, and when.
 *
 * @param messageId the client's id (kept for downstream dedupe) or one generated here
 * @param anonymousId the browser/device id, or null
 * @param userId the shop's id of a known user, or null
 * @param eventTime client time corrected for clock skew ({@link EventTime})
 */
public record Envelope(String messageId, String anonymousId, String userId, Instant eventTime) {

  public String visitorId() {
    return VisitorId.of(userId, anonymousId);
  }

  /** Reads the common fields; an event needs an anonymousId or a userId. */
  public static Envelope read(
      JsonNode message, RequestMeta meta, FieldReader r, IngestLimits limits) {
    String messageId = r.text(message, "messageId", "", limits.maxMessageIdLength());
    if (messageId != null && messageId.isBlank()) {
      r.violation("messageId", "must not be blank");
    }
    if (messageId == null || messageId.isBlank()) {
      messageId = generatedMessageId();
    }
    String anonymousId = r.id(message, "anonymousId", "", limits.maxIdLength());
    String userId = r.id(message, "userId", "", limits.maxIdLength());
    if (FieldReader.field(message, "anonymousId") == null
        && FieldReader.field(message, "userId") == null) {
      r.violation("anonymousId", "anonymousId or userId is required");
    }
    Instant timestamp = r.timestamp(message, "timestamp", "");
    Instant sentAt = r.timestamp(message, "sentAt", "");
    if (sentAt == null) {
      sentAt = meta.batchSentAt();
    }
    return new Envelope(
        messageId, anonymousId, userId, EventTime.corrected(timestamp, sentAt, meta.receivedAt()));
  }

  /** For events that came without one; downstream dedupes by messageId, so it must be unique. */
  public static String generatedMessageId() {
    return "lp-" + UUID.randomUUID();
  }
}
