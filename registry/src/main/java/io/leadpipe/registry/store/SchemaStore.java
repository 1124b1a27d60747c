package io.leadpipe.registry.store;

import io.leadpipe.registry.client.CompatibilityResult;
import io.leadpipe.registry.client.RegisteredSchema;
import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.registry.store.SchemaLogEntry.ConfigEntry;
import io.leadpipe.registry.store.SchemaLogEntry.SchemaEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Schema Registry semantics in plain Java, shared by the mock:// client and the dev server. Ids are
 * global: the same schema (compared in Avro's canonical JSON) has one id whatever subjects it is
 * registered under. Re-registering a subject's schema returns its existing version. Deletes are
 * soft. Every change goes to the {@link SchemaLog} first and is then applied, so replaying the log
 * rebuilds the identical state.
 */
public final class SchemaStore implements SchemaRegistryClient {
  /** Confluent's first schema id and first version. */
  private static final int FIRST_ID = 1;

  private static final int FIRST_VERSION = 1;

  private final SchemaLog log;
  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<String, TreeMap<Integer, SchemaEntry>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
  private int nextId = FIRST_ID;

  /** Builds the store from everything already in the log. */
  public SchemaStore(SchemaLog log) {
    this.log = log;
    log.replay(this::apply);
  }

  public static SchemaStore inMemory() {
    return new SchemaStore(new InMemorySchemaLog());
  }

  /** Applies one change from the log (also used to follow a log written by another instance). */
  public synchronized void apply(SchemaLogEntry entry) {
    if (entry instanceof SchemaEntry s) {
      schemaById.putIfAbsent(s.id(), s.schema());
      idBySchema.putIfAbsent(s.schema(), s.id());
      nextId = Math.max(nextId, s.id() + 1);
      subjects.computeIfAbsent(s.subject(), k -> new TreeMap<>()).put(s.version(), s);
    } else if (entry instanceof ConfigEntry c) {
      if (c.subject() == null) {
        globalLevel = c.level() == null ? CompatibilityLevel.DEFAULT : c.level();
      } else if (c.level() == null) {
        subjectLevels.remove(c.subject());
      } else {
        subjectLevels.put(c.subject(), c.level());
      }
    }
  }

  private void write(SchemaLogEntry entry) {
    log.append(entry);
    apply(entry);
  }

  /** Parses and returns Avro's canonical JSON, so equal schemas compare equal. */
  public static String canonical(String schema) {
    if (schema == null || schema.isBlank()) {
      throw new SchemaRegistryException.InvalidSchemaException("Empty schema");
    }
    try {
      return new Schema.Parser().parse(schema).toString();
    } catch (RuntimeException e) {
      // Avro reports bad schemas as SchemaParseException, but unknown named types as other runtime
      // errors.
      throw new SchemaRegistryException.InvalidSchemaException("Invalid schema: " + e.getMessage());
    }
  }

  @Override
  public synchronized int register(String subject, String schema) {
    return registerVersion(subject, schema).id();
  }

  /** Registers and returns the full version record (the dev server answers with the id only). */
  public synchronized RegisteredSchema registerVersion(String subject, String schema) {
    String text = canonical(schema);
    RegisteredSchema existing = findLive(subject, text);
    if (existing != null) {
      return existing;
    }
    Schema candidate = new Schema.Parser().parse(text);
    List<String> problems = levelOf(subject).check(candidate, liveSchemas(subject));
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException.IncompatibleSchemaException(
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems);
    }
    int id = idBySchema.getOrDefault(text, nextId);
    TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
    int version = versions == null || versions.isEmpty() ? FIRST_VERSION : versions.lastKey() + 1;
    write(new SchemaEntry(subject, version, id, text, false));
    return new RegisteredSchema(subject, id, version, text);
  }

  private RegisteredSchema findLive(String subject, String canonicalText) {
    TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
    if (versions == null) {
      return null;
    }
    for (SchemaEntry e : versions.values()) {
      if (!e.deleted() && e.schema().equals(canonicalText)) {
        return toRegistered(e);
      }
    }
    return null;
  }

  private List<Schema> liveSchemas(String subject) {
    List<Schema> result = new ArrayList<>();
    TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
    if (versions != null) {
      versions.values().stream()
          .filter(e -> !e.deleted())
          .forEach(e -> result.add(new Schema.Parser().parse(e.schema())));
    }
    return result;
  }

  private static RegisteredSchema toRegistered(SchemaEntry e) {
    return new RegisteredSchema(e.subject(), e.id(), e.version(), e.schema());
  }

  private TreeMap<Integer, SchemaEntry> liveSubject(String subject) {
    TreeMap<Integer, SchemaEntry> versions = subjects.get(subject);
    if (versions == null || versions.values().stream().allMatch(SchemaEntry::deleted)) {
      throw new SchemaRegistryException.SubjectNotFoundException(
          "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, String schema) {
    liveSubject(subject);
    RegisteredSchema found = findLive(subject, canonical(schema));
    if (found == null) {
      throw new SchemaRegistryException.SchemaNotFoundException("Schema not found");
    }
    return found;
  }

  @Override
  public synchronized String getById(int id) {
    String schema = schemaById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException.SchemaNotFoundException("Schema " + id + " not found");
    }
    return schema;
  }

  /** Every live subject/version pair that uses this schema id. */
  public synchronized List<RegisteredSchema> versionsOfId(int id) {
    getById(id);
    List<RegisteredSchema> result = new ArrayList<>();
    subjects
        .values()
        .forEach(
            v ->
                v.values().stream()
                    .filter(e -> !e.deleted() && e.id() == id)
                    .forEach(e -> result.add(toRegistered(e))));
    return result;
  }

  @Override
  public synchronized RegisteredSchema getVersion(String subject, int version) {
    TreeMap<Integer, SchemaEntry> versions = liveSubject(subject);
    if (version < FIRST_VERSION) {
      throw new SchemaRegistryException.InvalidVersionException(
          "The specified version '" + version + "' is not a valid version id.");
    }
    SchemaEntry e = versions.get(version);
    if (e == null || e.deleted()) {
      throw new SchemaRegistryException.VersionNotFoundException(
          "Version " + version + " not found.");
    }
    return toRegistered(e);
  }

  @Override
  public synchronized RegisteredSchema getLatest(String subject) {
    TreeMap<Integer, SchemaEntry> versions = liveSubject(subject);
    return versions.descendingMap().values().stream()
        .filter(e -> !e.deleted())
        .findFirst()
        .map(SchemaStore::toRegistered)
        .orElseThrow();
  }

  @Override
  public synchronized List<String> subjects() {
    return subjects.entrySet().stream()
        .filter(s -> s.getValue().values().stream().anyMatch(e -> !e.deleted()))
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return liveSubject(subject).values().stream()
        .filter(e -> !e.deleted())
        .map(SchemaEntry::version)
        .toList();
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(String subject, String schema) {
    Schema candidate = new Schema.Parser().parse(canonical(schema));
    List<Schema> existing = liveSchemas(subject);
    return result(levelOf(subject).check(candidate, existing));
  }

  private static CompatibilityResult result(List<String> problems) {
    return new CompatibilityResult(problems.isEmpty(), problems);
  }

  /** The level that applies to the subject: its own, else the global one. */
  public synchronized CompatibilityLevel levelOf(String subject) {
    return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
  }

  /** The level set on the subject itself, or null. */
  public synchronized CompatibilityLevel subjectLevel(String subject) {
    return subjectLevels.get(subject);
  }

  @Override
  public synchronized String getCompatibility(String subject) {
    return levelOf(subject).name();
  }

  @Override
  public synchronized void setCompatibility(String subject, String level) {
    CompatibilityLevel parsed = CompatibilityLevel.parse(level);
    if (parsed == null) {
      throw new SchemaRegistryException.InvalidCompatibilityLevelException(
          "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }
    write(new ConfigEntry(subject, parsed));
  }

  /**
   * Removes the subject's own level, so the global one applies again; returns the removed level or
   * null.
   */
  public synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
    CompatibilityLevel previous = subjectLevels.get(subject);
    if (previous != null) {
      write(new ConfigEntry(subject, null));
    }
    return previous;
  }

  @Override
  public synchronized List<Integer> deleteSubject(String subject) {
    List<Integer> deleted = new ArrayList<>();
    for (SchemaEntry e : List.copyOf(liveSubject(subject).values())) {
      if (!e.deleted()) {
        write(new SchemaEntry(e.subject(), e.version(), e.id(), e.schema(), true));
        deleted.add(e.version());
      }
    }
    return deleted;
  }

  @Override
  public synchronized int deleteVersion(String subject, int version) {
    RegisteredSchema existing = getVersion(subject, version);
    write(new SchemaEntry(subject, version, existing.id(), existing.schema(), true));
    return version;
  }
}
