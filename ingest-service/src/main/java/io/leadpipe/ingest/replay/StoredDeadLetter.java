package io.leadpipe.ingest.replay;

import io.leadpipe.ingest.publish.EventPublisher;
import io.leadpipe.schemas.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One dead letter as read from leadpipe.dead-letters.
 *
 * @param id its partition and offset
 * @param key the record key: the original record's key (the visitor id for ingest's)
 * @param writtenAt the record's timestamp, which the time range selects on
 * @param letter the decoded dead letter
 */
public record StoredDeadLetter(DeadLetterId id, String key, Instant writtenAt, DeadLetter letter) {

  private static final String SOURCE_NAME_MARK = " source=";

  /**
   * The source it came from, as filters name it: for ingest's the write key's source name (never
   * the key), else the dead letter's own source (an input topic, a webhook endpoint).
   */
  public String sourceName() {
    if (isFromIngest()) {
      String named = letter.getDetails().get(EventPublisher.DETAIL_SOURCE_NAME);
      if (named != null) {
        return named;
      }
      String source = letter.getSource();
      int mark = source == null ? -1 : source.indexOf(SOURCE_NAME_MARK);
      return mark < 0 ? source : source.substring(mark + SOURCE_NAME_MARK.length());
    }
    return letter.getSource();
  }

  /** The HTTP endpoint an ingest dead letter arrived at ({@code /v1/batch}), else null. */
  public String endpoint() {
    String source = letter.getSource();
    if (!isFromIngest() || source == null) {
      return null;
    }
    int mark = source.indexOf(SOURCE_NAME_MARK);
    return mark < 0 ? source : source.substring(0, mark);
  }

  public boolean isFromIngest() {
    return EventPublisher.APPLICATION.equals(letter.getApplication());
  }

  /** The original bytes, or null when the dead letter holds none. */
  public byte[] original() {
    ByteBuffer value = letter.getOriginalValue();
    if (value == null) {
      return null;
    }
    ByteBuffer copy = value.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
