package io.leadpipe.registry.store;

import java.util.function.Consumer;

/**
 * Where registry state is persisted. Every change is appended (durably, for a persistent log)
 * before the store makes it visible, and the whole state can be rebuilt by replaying the log.
 */
public interface SchemaLog extends AutoCloseable {
  /** Appends one change; returns only when it is durable. */
  void append(SchemaLogEntry entry);

  /** Replays every change appended so far, in order. */
  void replay(Consumer<SchemaLogEntry> consumer);

  @Override
  default void close() {}
}
