package io.leadpipe.scoring.hesitation;

/**
 * Keys of the time-indexed schedule store: {@code <zero-padded due epoch ms>|<visitorId>}. String order is time
 * order, so "everything due by now" is one range scan from the start, never a scan of all visitors.
 */
final class ScheduleKey {

    private static final char SEPARATOR = '|';
    private static final String DUE_FORMAT = "%019d";

    private ScheduleKey() {
    }

    static String of(long dueAtMs, String visitorId) {
        return String.format(DUE_FORMAT, dueAtMs) + SEPARATOR + visitorId;
    }

    /** The lowest possible key. */
    static String first() {
        return String.format(DUE_FORMAT, 0);
    }

    /**
     * Inclusive upper bound of everything due at or before {@code nowMs}: the bare due prefix of {@code nowMs + 1}
     * sorts after every {@code <nowMs>|…} key and before every {@code <nowMs + 1>|…} key, whatever the visitor id.
     */
    static String dueBy(long nowMs) {
        return String.format(DUE_FORMAT, nowMs + 1);
    }

    static long dueOf(String key) {
        return Long.parseLong(key.substring(0, key.indexOf(SEPARATOR)));
    }
}
