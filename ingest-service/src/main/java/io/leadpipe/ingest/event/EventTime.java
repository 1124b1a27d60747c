package io.leadpipe.ingest.event;

import java.time.Instant;

/**
 * When an event really happened, corrected for the client's clock as Segment does: {@code eventTime
 * = timestamp + (receivedAt - sentAt)}. Devices with a wrong clock send a wrong timestamp and a
 * sentAt wrong by the same amount; the difference to our receivedAt cancels it.
 */
public final class EventTime {

  private EventTime() {}

  /**
   * @param timestamp when the client says the event happened, or null (then: receivedAt)
   * @param sentAt when the client says it sent the request, or null (then: no correction)
   * @param receivedAt when ingest received it
   */
  public static Instant corrected(Instant timestamp, Instant sentAt, Instant receivedAt) {
    if (timestamp == null) {
      return receivedAt;
    }
    Instant corrected =
        sentAt == null
            ? timestamp
            : timestamp.plusMillis(receivedAt.toEpochMilli() - sentAt.toEpochMilli());
    // An event cannot have happened after we received it; a later value is a clock we could not
    // correct.
    return corrected.isAfter(receivedAt) ? receivedAt : corrected;
  }
}
