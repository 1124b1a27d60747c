package io.leadpipe.registry.store;

/** One change of registry state, appended to the {@link SchemaLog} before it becomes visible. */
public sealed interface SchemaLogEntry {
  /** A subject version (deleted = soft-deleted). */
  record SchemaEntry(String subject, int version, int id, String schema, boolean deleted)
      implements SchemaLogEntry {}

  /** A compatibility level; subject null means the global level. */
  record ConfigEntry(String subject, CompatibilityLevel level) implements SchemaLogEntry {}
}
