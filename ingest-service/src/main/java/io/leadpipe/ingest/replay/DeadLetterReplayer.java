package io.leadpipe.ingest.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.ingest.auth.Source;
import io.leadpipe.ingest.auth.WriteKeys;
import io.leadpipe.ingest.event.Call;
import io.leadpipe.ingest.event.IngestService;
import io.leadpipe.ingest.event.InvalidBodyException;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.metrics.IngestMetrics;
import io.leadpipe.ingest.publish.EventPublisher;
import io.leadpipe.ingest.replay.ReplayOutcome.Outcome;
import io.leadpipe.schemas.deadletter.DeadLetterReplay;
import io.leadpipe.schemas.topics.Topics;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-submits dead letters once their cause is fixed. Ingest's own (the original JSON event, its
 * source name and request facts) go through the same validation, enrichment, trust check and
 * publishing as an HTTP call, read as of when they first arrived (same source, same receive time,
 * same message id); a Streams application's (the original record bytes) are written again to their
 * topic under their original key. Each replayed dead letter is recorded in the {@link ReplayLedger}
 * and never replayed twice; one that is still invalid is reported, not dead-lettered again. One
 * replay runs at a time per instance.
 */
@Singleton
public class DeadLetterReplayer {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGE_ID = "messageId";

  private final DeadLetterReader reader;
  private final ReplayLedger ledger;
  private final IngestService ingest;
  private final EventPublisher publisher;
  private final WriteKeys writeKeys;
  private final IngestMetrics metrics;
  private final RecordResender resender;
  private final ReplaySettings settings;
  private final ReentrantLock running = new ReentrantLock();

  public DeadLetterReplayer(
      DeadLetterReader reader,
      ReplayLedger ledger,
      IngestService ingest,
      EventPublisher publisher,
      WriteKeys writeKeys,
      IngestMetrics metrics,
      RecordResender resender,
      ReplaySettings settings) {
    this.reader = reader;
    this.ledger = ledger;
    this.ingest = ingest;
    this.publisher = publisher;
    this.writeKeys = writeKeys;
    this.metrics = metrics;
    this.resender = resender;
    this.settings = settings;
  }

  /**
   * Replays (or with {@code dryRun} only checks) the selected dead letters.
   *
   * @throws ReplayRunningException when another replay runs on this instance
   * @throws DeadLettersUnavailableException when Kafka cannot be read or written in time
   */
  public ReplayReport replay(DeadLetterSelection selection, boolean dryRun) {
    if (!running.tryLock()) {
      throw new ReplayRunningException();
    }
    try {
      Map<DeadLetterId, DeadLetterReplay> replayed = ledger.load();
      List<StoredDeadLetter> selected = new ArrayList<>();
      int undecodable = reader.read(selection, null, selected::add);
      Set<DeadLetterId> found = new HashSet<>();
      List<ReplayOutcome> results = new ArrayList<>(selected.size());
      int attempts = 0;
      String stopped = null;
      for (StoredDeadLetter d : selected) {
        found.add(d.id());
        DeadLetterReplay before = replayed.get(d.id());
        if (ReplayLedger.names(before, d)) {
          results.add(
              ReplayOutcome.of(
                      d,
                      Outcome.SKIPPED,
                      "already replayed at " + before.getReplayedAt() + " to " + before.getTopic())
                  .to(before.getTopic(), before.getMessageId()));
          continue;
        }
        if (stopped != null) {
          results.add(ReplayOutcome.of(d, Outcome.NOT_ATTEMPTED, stopped));
          continue;
        }
        if (attempts >= settings.maxReplaysPerRequest()) {
          stopped =
              "the limit of "
                  + settings.maxReplaysPerRequest()
                  + " per request (leadpipe.ingest.replay.max-replays-per-request) was reached;"
                  + " replay again for the rest";
          results.add(ReplayOutcome.of(d, Outcome.NOT_ATTEMPTED, stopped));
          continue;
        }
        attempts++;
        ReplayOutcome outcome = replayOne(d, dryRun);
        results.add(outcome);
        if (outcome.outcome() == Outcome.FAILED
            || (outcome.outcome() == Outcome.REPLAYED && outcome.why() != null)) {
          stopped = "the replay stopped after " + d.id() + ": " + outcome.why();
        }
      }
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
      List<String> notFound =
          selection.missing(found).stream().map(DeadLetterId::toString).toList();
      LOG.info(
          "Dead-letter replay{}: {} selected, {}",
          dryRun ? " (dry run)" : "",
          results.size(),
          counts);
      return new ReplayReport(dryRun, counts, results, notFound, undecodable);
    } finally {
      running.unlock();
    }
  }

  private ReplayOutcome replayOne(StoredDeadLetter d, boolean dryRun) {
    Optional<String> why = whyNotReplayable(d);
    if (why.isPresent()) {
      return ReplayOutcome.of(d, Outcome.SKIPPED, why.get());
    }
    return d.isFromIngest()
        ? replayEvent(d, d.original(), dryRun)
        : resendRecord(d, d.original(), dryRun);
  }

  /**
   * Why {@code d} cannot be replayed as things are configured now, or empty when it can be tried
   * (it may still be rejected again).
   */
  public Optional<String> whyNotReplayable(StoredDeadLetter d) {
    if (d.letter().getOriginalValue() == null) {
      return Optional.of("it holds no original value to replay");
    }
    if (d.isFromIngest()) {
      if (callAt(d.endpoint()).isEmpty()) {
        return Optional.of("it arrived at " + d.endpoint() + ", which takes no events");
      }
      if (writeKeys.sourceNamed(d.sourceName()).isEmpty()) {
        return Optional.of(
            "its source '" + d.sourceName() + "' is not configured (leadpipe.ingest.sources)");
      }
      return Optional.empty();
    }
    String topic = d.letter().getTopic();
    if (topic == null) {
      return Optional.of(
          "it names no input topic (a webhook delivery: the notifier's admin API replays those)");
    }
    if (Topics.byName(topic).isEmpty()
        || topic.equals(Topics.DEAD_LETTERS.name())
        || topic.equals(Topics.DEAD_LETTER_REPLAYS.name())) {
      return Optional.of("its topic " + topic + " is not an input topic of the catalogue");
    }
    return Optional.empty();
  }

  /** An event rejected by ingest: through the HTTP path's validation and publishing again. */
  private ReplayOutcome replayEvent(StoredDeadLetter d, byte[] original, boolean dryRun) {
    Call call = callAt(d.endpoint()).orElseThrow();
    Source source = writeKeys.sourceNamed(d.sourceName()).orElseThrow();
    Map<String, String> details = d.letter().getDetails();
    Instant batchSentAt = instant(details.get(EventPublisher.DETAIL_BATCH_SENT_AT));
    JsonNode batchContext = json(details.get(EventPublisher.DETAIL_BATCH_CONTEXT));
    byte[] event = withMessageId(original, d);
    byte[] body;
    RequestMeta meta;
    if (call == Call.BATCH) {
      // A batch item: replayed as a batch of one, with the batch's own sentAt and context.
      body = batchOfOne(event, batchSentAt, batchContext);
      meta = meta(d, source, details, null, null);
    } else {
      body = event;
      meta = meta(d, source, details, batchContext, batchSentAt);
    }
    List<MappedEvent> mapped;
    try {
      mapped = ingest.validate(call, body, meta);
    } catch (InvalidBodyException e) {
      return ReplayOutcome.of(d, Outcome.REJECTED_AGAIN, e.getMessage()).violations(e.violations());
    }
    if (mapped.size() != 1) {
      return ReplayOutcome.of(d, Outcome.SKIPPED, "it holds " + mapped.size() + " events, not one");
    }
    if (mapped.get(0) instanceof MappedEvent.Rejected rejected) {
      return ReplayOutcome.of(d, Outcome.REJECTED_AGAIN, rejected.reason())
          .violations(rejected.violations())
          .to(null, rejected.messageId());
    }
    MappedEvent.Accepted accepted = (MappedEvent.Accepted) mapped.get(0);
    String topic = accepted.topic().name();
    String messageId = messageIdOf(accepted);
    if (dryRun) {
      return ReplayOutcome.of(d, Outcome.WOULD_REPLAY, null).to(topic, messageId);
    }
    try {
      publisher
          .publish(List.of(accepted))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ReplayOutcome.of(d, Outcome.FAILED, "interrupted").to(topic, messageId);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return ReplayOutcome.of(d, Outcome.FAILED, "Kafka did not acknowledge: " + cause.getMessage())
          .to(topic, messageId);
    }
    metrics.accepted(accepted.callType(), 1);
    return recorded(d, topic, messageId);
  }

  /** A record a Streams application could not process: written again to its topic, same key. */
  private ReplayOutcome resendRecord(StoredDeadLetter d, byte[] original, boolean dryRun) {
    String topic = d.letter().getTopic();
    if (dryRun) {
      return ReplayOutcome.of(d, Outcome.WOULD_REPLAY, null).to(topic, null);
    }
    try {
      resender.send(topic, d.key(), original);
    } catch (DeadLettersUnavailableException e) {
      return ReplayOutcome.of(d, Outcome.FAILED, e.getMessage()).to(topic, null);
    }
    return recorded(d, topic, null);
  }

  /**
   * Records a replayed dead letter in the ledger. When that fails the record is out all the same:
   * reported as replayed with the reason, and the replay stops (Kafka is in trouble); a later
   * replay sends it again, with the same message id.
   */
  private ReplayOutcome recorded(StoredDeadLetter d, String topic, String messageId) {
    try {
      ledger.record(d, topic, messageId);
      return ReplayOutcome.of(d, Outcome.REPLAYED, null).to(topic, messageId);
    } catch (DeadLettersUnavailableException e) {
      return ReplayOutcome.of(
              d,
              Outcome.REPLAYED,
              "replayed, but not recorded in the ledger ("
                  + e.getMessage()
                  + "): a later replay sends it again with the same message id")
          .to(topic, messageId);
    }
  }

  private static RequestMeta meta(
      StoredDeadLetter d,
      Source source,
      Map<String, String> details,
      JsonNode batchContext,
      Instant batchSentAt) {
    // Received when it first arrived: the event time is corrected as it was then.
    return new RequestMeta(
        source.name(),
        source.kind(),
        d.endpoint(),
        d.letter().getFailedAt(),
        details.get(EventPublisher.DETAIL_CLIENT_IP),
        details.get(EventPublisher.DETAIL_USER_AGENT),
        batchContext,
        batchSentAt);
  }

  private static Optional<Call> callAt(String endpoint) {
    for (Call call : Call.values()) {
      if (call.path().equals(endpoint)) {
        return Optional.of(call);
      }
    }
    return Optional.empty();
  }

  /**
   * The event with a message id: its own, or for one sent without, an id derived from the dead
   * letter, so that every replay of it carries the same id and downstream dedupe recognises it.
   */
  static byte[] withMessageId(byte[] original, StoredDeadLetter d) {
    JsonNode node = json(original);
    if (node == null || !node.isObject() || node.has(MESSAGE_ID)) {
      return original;
    }
    String name =
        Topics.DEAD_LETTERS.name() + "/" + d.id() + "/" + d.letter().getFailedAt().toEpochMilli();
    ((ObjectNode) node)
        .put(
            MESSAGE_ID,
            "lp-replay-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      return original;
    }
  }

  /**
   * {@code {"sentAt": ..., "context": ..., "batch": [event]}} with the event's bytes as they are.
   */
  static byte[] batchOfOne(byte[] event, Instant sentAt, JsonNode context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(event.length + 256);
    out.writeBytes("{".getBytes(StandardCharsets.UTF_8));
    if (sentAt != null) {
      out.writeBytes(("\"sentAt\":\"" + sentAt + "\",").getBytes(StandardCharsets.UTF_8));
    }
    if (context != null) {
      out.writeBytes(("\"context\":" + context + ",").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("\"batch\":[".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(event);
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String messageIdOf(MappedEvent.Accepted accepted) {
    if (accepted.value() instanceof GenericRecord record
        && record.getSchema().getField(MESSAGE_ID) != null) {
      Object id = record.get(MESSAGE_ID);
      return id == null ? null : id.toString();
    }
    return null;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode json(String text) {
    return text == null ? null : json(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** Thrown when a replay is asked for while another runs on this instance. */
  public static final class ReplayRunningException extends RuntimeException {
    ReplayRunningException() {
      super("Another replay is running on this instance; try again when it has finished");
    }
  }
}
