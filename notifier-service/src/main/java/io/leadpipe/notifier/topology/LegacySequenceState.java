package io.leadpipe.notifier.topology;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads {@link SequenceState} as the notifier's former hand-written binary serde wrote it
 * (changelog topics and RocksDB of a notifier upgraded in place still hold it); new state is
 * written by {@code StateSerde}. Such bytes start with the version byte {@code 1}, never the first
 * byte of Smile (':') or JSON ('{'), so the two cannot be confused. Layout: version, then the
 * fields in declaration order; a string is a presence flag then {@code writeUTF}; {@code sentAt} is
 * a count then its longs.
 */
final class LegacySequenceState {
  static final byte VERSION = 1;

  private LegacySequenceState() {}

  static boolean isLegacy(byte[] bytes) {
    return bytes.length > 0 && bytes[0] == VERSION;
  }

  static SequenceState read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown sequence state version " + version);
      }
      SequenceState s = new SequenceState();
      s.hesitationId = str(in);
      s.kind = str(in);
      s.reason = str(in);
      s.detectedAt = in.readLong();
      s.startedAt = in.readLong();
      s.stepIndex = in.readInt();
      s.dueAt = in.readLong();
      s.lastSentAt = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        s.sentAt.add(in.readLong());
      }
      s.lastTriggerId = str(in);
      s.lastHesitationId = str(in);
      s.lastPlay = str(in);
      s.lastReason = str(in);
      s.lastStep = in.readInt();
      s.lastChannel = str(in);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String str(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
