package io.leadpipe.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.ingest.publish.EventPublisher;
import io.leadpipe.ingest.social.SocialEventMapper;
import io.leadpipe.ingest.tracking.IdentityMapper;
import io.leadpipe.ingest.tracking.WebEventMapper;
import io.leadpipe.ingest.trust.TrustedSignals;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.service.problem.RejectedEvent;
import io.leadpipe.service.problem.Violation;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request, start to end: size limits → parse → validate and map every event → publish the valid
 * ones and wait for Kafka's acknowledgement → dead-letter the rejected ones. A single-event call
 * with an invalid event fails as a whole (400; 403 when only refused from a browser source); a
 * batch accepts its valid events and reports the others by index with their reason.
 */
@Singleton
public class IngestService {

  /** The whole event, in violation paths (as "" is the whole document in JSON Pointer). */
  public static final String WHOLE_EVENT = "";

  private static final String UNSUPPORTED_TYPE_MESSAGE =
      "must be one of track, page, screen, identify, group, alias";

  private final WebEventMapper web;
  private final IdentityMapper identities;
  private final SocialEventMapper social;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final IngestLimits limits;

  public IngestService(
      WebEventMapper web,
      IdentityMapper identities,
      SocialEventMapper social,
      EventPublisher publisher,
      IngestMetrics metrics,
      IngestLimits limits) {
    this.web = web;
    this.identities = identities;
    this.social = social;
    this.publisher = publisher;
    this.metrics = metrics;
    this.limits = limits;
  }

  /**
   * Cheap checks done before the request is handed to a worker; throws {@link
   * InvalidBodyException}.
   */
  public void checkSize(Call call, byte[] body) {
    if (single(call) && body.length > limits.maxEventBytes()) {
      throw new InvalidBodyException(
          IngestProblem.EVENT_TOO_LARGE,
          "The event is " + body.length + " bytes; the limit is " + limits.maxEventBytes(),
          List.of());
    }
    if (body.length > limits.maxBatchBytes()) {
      throw new InvalidBodyException(
          IngestProblem.BATCH_TOO_LARGE,
          "The body is " + body.length + " bytes; the limit is " + limits.maxBatchBytes(),
          List.of());
    }
  }

  /** The largest body {@code call} takes (after decompression). */
  public int maxBodyBytes(Call call) {
    return single(call) ? limits.maxEventBytes() : limits.maxBatchBytes();
  }

  /** A compressed body that decompresses to more than {@code limit} bytes. */
  public InvalidBodyException decompressedTooLarge(Call call, int limit) {
    return new InvalidBodyException(
        single(call) ? IngestProblem.EVENT_TOO_LARGE : IngestProblem.BATCH_TOO_LARGE,
        "The decompressed body is over the limit of " + limit + " bytes",
        List.of());
  }

  /** Calls whose body is one event (social takes one or a batch). */
  private static boolean single(Call call) {
    return call != Call.BATCH && call != Call.SOCIAL;
  }

  /**
   * Maps the events (on the calling worker) and completes when Kafka acknowledged every valid one.
   */
  public CompletableFuture<IngestResult> ingest(Call call, byte[] body, RequestMeta meta) {
    checkSize(call, body);
    Mapped mapped = map(call, body, meta);
    List<MappedEvent.Accepted> accepted = new ArrayList<>();
    List<MappedEvent.Rejected> rejected = new ArrayList<>();
    for (MappedEvent m : mapped.events()) {
      if (m instanceof MappedEvent.Accepted a) {
        accepted.add(a);
      } else {
        MappedEvent.Rejected r = (MappedEvent.Rejected) m;
        rejected.add(r);
        metrics.rejected(r.callType(), r.reason(), 1);
      }
    }
    if (!rejected.isEmpty()) {
      publisher.deadLetter(rejected, mapped.meta());
    }
    if (accepted.isEmpty()) {
      throw allRejected(mapped.batch(), rejected);
    }
    return publisher
        .publish(accepted)
        .handle(
            (ok, error) -> {
              if (error != null) {
                accepted.forEach(
                    a -> metrics.rejected(a.callType(), IngestProblem.UNAVAILABLE.code(), 1));
                throw error instanceof RuntimeException re ? re : new IllegalStateException(error);
              }
              accepted.forEach(a -> metrics.accepted(a.callType(), 1));
              return new IngestResult(accepted.size(), rejected);
            });
  }

  /**
   * Validates, enriches and trust-checks the events of {@code body} as {@link #ingest} does,
   * without publishing or dead-lettering anything: a dead-letter replay maps with it, then
   * publishes the accepted events with {@link EventPublisher#publish}.
   *
   * @throws InvalidBodyException when the body as a whole is invalid
   */
  public List<MappedEvent> validate(Call call, byte[] body, RequestMeta meta) {
    checkSize(call, body);
    return map(call, body, meta).events();
  }

  /**
   * The mapped events, whether the body was a batch (which changes how rejections are reported),
   * and the request as its events were read (a batch's context and sentAt included), which dead
   * letters record so that a replay reads them the same way.
   */
  private record Mapped(List<MappedEvent> events, boolean batch, RequestMeta meta) {
    static Mapped single(MappedEvent event, RequestMeta meta) {
      return new Mapped(List.of(event), false, meta);
    }
  }

  /** Maps one event: its JSON and the bytes a rejection dead-letters. */
  private interface SingleMapper {
    MappedEvent map(JsonNode node, int index, byte[] original, RequestMeta meta);
  }

  private Mapped map(Call call, byte[] body, RequestMeta meta) {
    return switch (call) {
      case TRACK -> single(web::track, body, meta);
      case PAGE -> single(web::page, body, meta);
      case SCREEN -> single(web::screen, body, meta);
      case IDENTIFY -> single(identities::identify, body, meta);
      case ALIAS -> single(identities::alias, body, meta);
      case GROUP -> single(identities::group, body, meta);
      case BATCH -> mapBatch(BodyParser.parseBatch(body), meta, false);
      case SOCIAL -> {
        JsonNode node = BodyParser.parseObject(body);
        if (BodyParser.isBatch(node)) {
          yield mapBatch(BodyParser.parseBatch(body), meta, true);
        }
        if (body.length > limits.maxEventBytes()) {
          throw new InvalidBodyException(
              IngestProblem.EVENT_TOO_LARGE,
              "The event is " + body.length + " bytes; the limit is " + limits.maxEventBytes(),
              List.of());
        }
        yield Mapped.single(social.social(node, 0, withoutWriteKey(node, body), meta), meta);
      }
    };
  }

  private static Mapped single(SingleMapper mapper, byte[] body, RequestMeta meta) {
    JsonNode node = BodyParser.parseObject(body);
    return Mapped.single(mapper.map(node, 0, withoutWriteKey(node, body), meta), meta);
  }

  /**
   * A single event's body as a rejection keeps it: without a write key sent in it, which is a
   * secret for a server source and must not reach the dead letters. (A batch's key is outside its
   * events' bytes.)
   */
  private static byte[] withoutWriteKey(JsonNode node, byte[] body) {
    if (!node.has(BodyParser.WRITE_KEY_FIELD)) {
      return body;
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    copy.remove(BodyParser.WRITE_KEY_FIELD);
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Mapped mapBatch(BodyParser.Batch batch, RequestMeta meta, boolean socialBatch) {
    FieldReader top = new FieldReader();
    JsonNode envelope =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .set("sentAt", batch.sentAt());
    Instant sentAt = top.timestamp(envelope, "sentAt", "");
    if (batch.context() != null && !batch.context().isObject() && !batch.context().isNull()) {
      top.violation("context", "must be an object");
    }
    if (batch.integrations() != null
        && !batch.integrations().isObject()
        && !batch.integrations().isNull()) {
      top.violation("integrations", "must be an object");
    }
    if (top.hasViolations()) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_REQUEST, "The batch envelope is invalid", top.violations());
    }
    RequestMeta batchMeta = meta.forBatch(batch.context(), batch.integrations(), sentAt);
    List<MappedEvent> out = new ArrayList<>(batch.items().size());
    for (BodyParser.Item item : batch.items()) {
      out.add(mapItem(item, batchMeta, socialBatch));
    }
    return new Mapped(out, true, batchMeta);
  }

  private MappedEvent mapItem(BodyParser.Item item, RequestMeta meta, boolean socialBatch) {
    JsonNode node = item.node();
    String type = socialBatch ? Call.SOCIAL.type() : typeOf(node);
    if (item.size() > limits.maxEventBytes()) {
      return rejected(
          item,
          type,
          "event-too-large",
          WHOLE_EVENT,
          "is " + item.size() + " bytes; the limit is " + limits.maxEventBytes());
    }
    if (!node.isObject()) {
      return rejected(item, type, "invalid-event", WHOLE_EVENT, "must be a JSON object");
    }
    byte[] original = item.original();
    if (socialBatch) {
      return social.social(node, item.index(), original, meta);
    }
    return switch (type) {
      case "track" -> web.track(node, item.index(), original, meta);
      case "page" -> web.page(node, item.index(), original, meta);
      case "screen" -> web.screen(node, item.index(), original, meta);
      case "group" -> identities.group(node, item.index(), original, meta);
      case "identify" -> identities.identify(node, item.index(), original, meta);
      case "alias" -> identities.alias(node, item.index(), original, meta);
      default ->
          rejected(
              item,
              "unknown",
              "invalid-event",
              "type",
              FieldReader.field(node, "type") == null ? "is required" : UNSUPPORTED_TYPE_MESSAGE);
    };
  }

  private static String typeOf(JsonNode node) {
    JsonNode type = FieldReader.field(node, "type");
    return type != null && type.isTextual() ? type.textValue() : "unknown";
  }

  private MappedEvent.Rejected rejected(
      BodyParser.Item item, String type, String reason, String field, String message) {
    JsonNode node = item.node();
    JsonNode messageId = node.isObject() ? FieldReader.field(node, "messageId") : null;
    String id =
        messageId != null
                && messageId.isTextual()
                && messageId.textValue().length() <= limits.maxMessageIdLength()
            ? messageId.textValue()
            : null;
    String key = null;
    if (node.isObject()) {
      JsonNode userId = FieldReader.field(node, "userId");
      JsonNode anonymousId = FieldReader.field(node, "anonymousId");
      key =
          VisitorId.of(
              userId != null ? userId.asText() : null,
              anonymousId != null ? anonymousId.asText() : null);
    }
    return new MappedEvent.Rejected(
        item.index(),
        type,
        id,
        key,
        reason,
        List.of(new Violation(field, message)),
        item.original());
  }

  private InvalidBodyException allRejected(boolean batch, List<MappedEvent.Rejected> rejected) {
    // Refused only because the source may not send them: 403, so a client tells it from a bug.
    boolean untrusted =
        rejected.stream().allMatch(r -> TrustedSignals.UNTRUSTED_SOURCE.equals(r.reason()));
    if (!batch) {
      MappedEvent.Rejected only = rejected.get(0);
      return new InvalidBodyException(
          untrusted ? IngestProblem.UNTRUSTED_SOURCE : IngestProblem.INVALID_EVENT,
          only.violations().size() + " violation(s) in the event",
          only.violations());
    }
    List<Violation> flattened = new ArrayList<>();
    List<RejectedEvent> reported = new ArrayList<>();
    for (MappedEvent.Rejected r : rejected) {
      reported.add(report(r));
      for (Violation v : r.violations()) {
        String prefix = FieldReader.index("batch", r.index());
        flattened.add(
            new Violation(v.field().isEmpty() ? prefix : prefix + "." + v.field(), v.message()));
      }
    }
    return new InvalidBodyException(
        untrusted ? IngestProblem.UNTRUSTED_SOURCE : IngestProblem.INVALID_BATCH,
        "All " + rejected.size() + " event(s) of the batch were rejected",
        flattened,
        reported);
  }

  public static RejectedEvent report(MappedEvent.Rejected r) {
    return new RejectedEvent(r.index(), r.messageId(), r.reason(), r.violations());
  }
}
