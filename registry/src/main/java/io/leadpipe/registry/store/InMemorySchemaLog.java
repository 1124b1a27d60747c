package io.leadpipe.registry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A log kept in memory: state lives as long as the JVM (mock:// scopes, in-memory dev registry).
 */
public final class InMemorySchemaLog implements SchemaLog {
  private final List<SchemaLogEntry> entries = new ArrayList<>();

  @Override
  public synchronized void append(SchemaLogEntry entry) {
    entries.add(entry);
  }

  @Override
  public synchronized void replay(Consumer<SchemaLogEntry> consumer) {
    List.copyOf(entries).forEach(consumer);
  }

  public synchronized List<SchemaLogEntry> entries() {
    return List.copyOf(entries);
  }
}
