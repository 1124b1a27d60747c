package io.leadpipe.streams.schedule;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of a time-indexed schedule store: {@code <zero-padded due epoch ms>|<visitorId>}. String
 * order (and the stores' byte order) is time order, so "everything due by now" is one range scan
 * from the start, never a scan of all visitors. Each visitor has at most one entry; moving a timer
 * deletes the old key and puts the new one.
 */
public final class ScheduleKey {

  private static final char SEPARATOR = '|';

  /** Digits of a due time: every non-negative long fits, so string order is numeric order. */
  private static final int DUE_DIGITS = 19;

  private ScheduleKey() {}

  public static String of(long dueAtMs, String visitorId) {
    return due(dueAtMs) + SEPARATOR + visitorId;
  }

  /** Inclusive lower bound of everything due at or after {@code dueAtMs}. */
  public static String from(long dueAtMs) {
    return due(dueAtMs);
  }

  /**
   * Inclusive upper bound of everything due at or before {@code nowMs}: the character after the
   * separator sorts after every {@code <nowMs>|…} key whatever the visitor id (in UTF-8 bytes too),
   * and before any later due time.
   */
  public static String upTo(long nowMs) {
    return due(nowMs) + (char) (SEPARATOR + 1);
  }

  public static long dueOf(String key) {
    return Long.parseLong(key.substring(0, key.indexOf(SEPARATOR)));
  }

  /**
   * Every entry due at or before {@code nowMs}, earliest first. Collected before returning, so the
   * caller may delete entries (or put rescheduled ones) while it handles them.
   */
  public static <V> List<KeyValue<String, V>> dueBy(
      ReadOnlyKeyValueStore<String, V> schedule, long nowMs) {
    return dueBy(schedule, nowMs, Integer.MAX_VALUE);
  }

  /**
   * At most {@code limit} entries due at or before {@code nowMs}, earliest first: a punctuation
   * that handles a bounded chunk and leaves the rest (still due, still first) to the next one, so a
   * backlog never stalls the task. Collected before returning, as {@link
   * #dueBy(ReadOnlyKeyValueStore, long)}.
   */
  public static <V> List<KeyValue<String, V>> dueBy(
      ReadOnlyKeyValueStore<String, V> schedule, long nowMs, int limit) {
    List<KeyValue<String, V>> due = new ArrayList<>();
    try (KeyValueIterator<String, V> it = schedule.range(from(0), upTo(nowMs))) {
      while (due.size() < limit && it.hasNext()) {
        due.add(it.next());
      }
    }
    return due;
  }

  /**
   * The due time zero-padded to {@link #DUE_DIGITS} characters, as {@code %019d} writes it (a sign
   * counted in the width). By hand: every event moves its visitor's timers, and String.format
   * parses its pattern on each call, a few per cent of the stream thread in a profile.
   */
  static String due(long ms) {
    String digits = Long.toString(ms);
    if (digits.length() >= DUE_DIGITS) {
      return digits;
    }
    StringBuilder padded = new StringBuilder(DUE_DIGITS);
    int from = 0;
    if (ms < 0) {
      padded.append('-');
      from = 1;
    }
    for (int i = digits.length(); i < DUE_DIGITS; i++) {
      padded.append('0');
    }
    return padded.append(digits, from, digits.length()).toString();
  }
}
