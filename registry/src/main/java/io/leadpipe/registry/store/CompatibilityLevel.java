package io.leadpipe.registry.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. BACKWARD:
 * the new schema reads data written with the previous one; FORWARD: the previous schema reads data
 * written with the new one; FULL: both. TRANSITIVE: against every earlier version.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** Confluent's default for a registry with no configuration. */
  public static final CompatibilityLevel DEFAULT = BACKWARD;

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Checks the candidate against existing versions (oldest first); returns the incompatibilities,
   * empty when compatible.
   */
  public List<String> check(Schema candidate, List<Schema> existingOldestFirst) {
    List<String> messages = new ArrayList<>();
    if (existingOldestFirst.isEmpty()) {
      return messages;
    }
    List<Schema> against =
        transitive
            ? existingOldestFirst
            : List.of(existingOldestFirst.get(existingOldestFirst.size() - 1));
    for (Schema existing : against) {
      if (backward) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing),
            "BACKWARD",
            messages);
      }
      if (forward) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate),
            "FORWARD",
            messages);
      }
    }
    return messages;
  }

  private static void describe(
      SchemaPairCompatibility result, String direction, List<String> messages) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (SchemaCompatibility.Incompatibility incompatibility :
        result.getResult().getIncompatibilities()) {
      messages.add(
          "{errorType:'"
              + incompatibility.getType()
              + "', description:'"
              + direction
              + ": "
              + incompatibility.getMessage()
              + "', location:'"
              + incompatibility.getLocation()
              + "'}");
    }
    if (messages.isEmpty()) {
      messages.add(direction + ": " + result.getDescription());
    }
  }

  /** Parses a level name as Confluent spells it; null when unknown. */
  public static CompatibilityLevel parse(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
