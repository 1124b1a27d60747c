package io.leadpipe.notifier.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary serde for the store's {@link SequenceState}; a leading version byte leaves room to evolve it. */
final class SequenceStateSerde implements Serde<SequenceState> {
  private static final byte VERSION = 1;

  @Override
  public Serializer<SequenceState> serializer() {
    return (topic, s) -> s == null ? null : write(s);
  }

  @Override
  public Deserializer<SequenceState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private static byte[] write(SequenceState s) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      str(out, s.hesitationId);
      str(out, s.kind);
      str(out, s.reason);
      out.writeLong(s.detectedAt);
      out.writeLong(s.startedAt);
      out.writeInt(s.stepIndex);
      out.writeLong(s.dueAt);
      out.writeLong(s.lastSentAt);
      out.writeInt(s.sentAt.size());
      for (long t : s.sentAt) {
        out.writeLong(t);
      }
      str(out, s.lastTriggerId);
      str(out, s.lastHesitationId);
      str(out, s.lastPlay);
      str(out, s.lastReason);
      out.writeInt(s.lastStep);
      str(out, s.lastChannel);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SequenceState read(byte[] bytes) {
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

  private static void str(DataOutputStream out, String v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeUTF(v);
    }
  }

  private static String str(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
