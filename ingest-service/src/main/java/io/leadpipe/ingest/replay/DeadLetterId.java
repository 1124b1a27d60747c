package io.leadpipe.ingest.replay;

import java.util.Comparator;

/**
 * Where a dead letter sits in leadpipe.dead-letters: {@code <partition>/<offset>}, the key of its
 * replay ledger entry and the order dead letters are listed in.
 */
public record DeadLetterId(int partition, long offset) implements Comparable<DeadLetterId> {

  private static final Comparator<DeadLetterId> ORDER =
      Comparator.comparingInt(DeadLetterId::partition).thenComparingLong(DeadLetterId::offset);

  /** Parses {@code <partition>/<offset>}; null when the text is not one. */
  public static DeadLetterId parse(String text) {
    if (text == null) {
      return null;
    }
    int slash = text.indexOf('/');
    if (slash < 1) {
      return null;
    }
    try {
      int partition = Integer.parseInt(text.substring(0, slash));
      long offset = Long.parseLong(text.substring(slash + 1));
      return partition < 0 || offset < 0 ? null : new DeadLetterId(partition, offset);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int compareTo(DeadLetterId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return partition + "/" + offset;
  }
}
