package io.leadpipe.notifier.topology;

/**
 * Keys of the time-indexed schedule store: zero-padded due time, then the visitor. String order equals time order,
 * so "everything due by now" is one range scan, never a scan of all visitors.
 */
final class ScheduleKey {
  private static final char SEP = '|';

  private ScheduleKey() {}

  static String of(long dueAtMs, String visitor) {
    return String.format("%019d", dueAtMs) + SEP + visitor;
  }

  static String from(long dueAtMs) {
    return String.format("%019d", dueAtMs);
  }

  /** Inclusive upper bound for everything due at or before {@code nowMs}: '|' + U+FFFF sorts after any visitor. */
  static String upTo(long nowMs) {
    return String.format("%019d", nowMs) + SEP + '\uffff';
  }

  static long dueOf(String key) {
    return Long.parseLong(key.substring(0, key.indexOf(SEP)));
  }
}
