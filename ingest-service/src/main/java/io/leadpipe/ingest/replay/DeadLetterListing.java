package io.leadpipe.ingest.replay;

import io.leadpipe.ingest.publish.EventPublisher;
import io.leadpipe.schemas.deadletter.DeadLetterReplay;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists dead letters: one page in partition/offset order after a cursor, and for everything the
 * selection matches the counts by source and reason, so an operator sees what went wrong where
 * before replaying it.
 */
@Singleton
public class DeadLetterListing {

  /**
   * One dead letter as listed: where it is, whose it was, why it was rejected, whether it can be
   * replayed (and why not) or was (times as ISO-8601 text). The original value only when asked for:
   * it holds personal data.
   *
   * @param payload the original value as text (UTF-8) or, for binary records, base64; or null
   */
  public record Entry(
      String deadLetter,
      String application,
      String source,
      String endpoint,
      String reason,
      String error,
      String errorClass,
      String failedAt,
      String writtenAt,
      String originalTopic,
      Integer originalPartition,
      Long originalOffset,
      String callType,
      String messageId,
      boolean replayable,
      String notReplayable,
      String replayedAt,
      String payload,
      String payloadEncoding) {}

  /**
   * @param counts how many dead letters match, by source and then reason
   * @param next the cursor of the following page ({@code after=}), or null on the last
   */
  public record Page(
      int matching,
      Map<String, Map<String, Integer>> counts,
      List<Entry> deadLetters,
      String next,
      int undecodable) {}

  private static final String NO_SOURCE = "(none)";

  private final DeadLetterReader reader;
  private final ReplayLedger ledger;
  private final DeadLetterReplayer replayer;

  public DeadLetterListing(
      DeadLetterReader reader, ReplayLedger ledger, DeadLetterReplayer replayer) {
    this.reader = reader;
    this.ledger = ledger;
    this.replayer = replayer;
  }

  public Page list(
      DeadLetterSelection selection, DeadLetterId after, int limit, boolean withPayload) {
    Map<DeadLetterId, DeadLetterReplay> replayed = ledger.load();
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    List<Entry> page = new ArrayList<>();
    int[] matching = {0};
    boolean[] more = {false};
    int undecodable =
        reader.read(
            selection,
            null,
            d -> {
              matching[0]++;
              String source = d.sourceName() == null ? NO_SOURCE : d.sourceName();
              counts
                  .computeIfAbsent(source, s -> new TreeMap<>())
                  .merge(d.letter().getReason(), 1, Integer::sum);
              if (after != null && d.id().compareTo(after) <= 0) {
                return;
              }
              if (page.size() < limit) {
                page.add(entry(d, replayed.get(d.id()), withPayload));
              } else {
                more[0] = true;
              }
            });
    String next = more[0] ? page.get(page.size() - 1).deadLetter() : null;
    return new Page(matching[0], counts, page, next, undecodable);
  }

  private Entry entry(StoredDeadLetter d, DeadLetterReplay replay, boolean withPayload) {
    Map<String, String> details = d.letter().getDetails();
    String why = replayer.whyNotReplayable(d).orElse(null);
    byte[] original = withPayload ? d.original() : null;
    String text = original == null ? null : utf8(original);
    String payload =
        original == null
            ? null
            : text != null ? text : Base64.getEncoder().encodeToString(original);
    String messageId = details.get(EventPublisher.DETAIL_MESSAGE_ID);
    return new Entry(
        d.id().toString(),
        d.letter().getApplication(),
        d.sourceName(),
        d.endpoint(),
        d.letter().getReason(),
        d.letter().getErrorMessage(),
        d.letter().getErrorClass(),
        d.letter().getFailedAt().toString(),
        d.writtenAt().toString(),
        d.letter().getTopic(),
        d.letter().getPartition(),
        d.letter().getOffset(),
        details.get(EventPublisher.DETAIL_CALL_TYPE),
        messageId == null || messageId.isEmpty() ? null : messageId,
        why == null,
        why,
        ReplayLedger.names(replay, d) ? replay.getReplayedAt().toString() : null,
        payload,
        original == null ? null : text != null ? "utf-8" : "base64");
  }

  /** The bytes as text when they are valid UTF-8 (ingest's JSON), else null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
