package io.leadpipe.ingest.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.validation.FieldReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads named fields out of a {@code properties} (or {@code traits}) object, accepting Segment's
 * snake_case and camelCase spellings, and remembers which keys it used: every key not mapped to a
 * typed field is kept as JSON text in the record's open map, so nothing a client sent is dropped.
 */
final class PropertiesReader {

  private final JsonNode node;
  private final String path;
  private final FieldReader reader;
  private final Set<String> used = new HashSet<>();

  PropertiesReader(JsonNode node, String path, FieldReader reader) {
    this.node = node;
    this.path = path;
    this.reader = reader;
  }

  JsonNode node() {
    return node;
  }

  String path() {
    return path;
  }

  FieldReader reader() {
    return reader;
  }

  boolean has(String... names) {
    for (String name : names) {
      if (FieldReader.field(node, name) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the first present spelling with {@code read(parent, name)} and marks all spellings used.
   */
  <T> T read(BiFunction<JsonNode, String, T> read, String... names) {
    String name = FieldReader.firstPresent(node, names);
    for (String n : names) {
      used.add(n);
    }
    return read.apply(node, name);
  }

  void markUsed(String... names) {
    for (String n : names) {
      used.add(n);
    }
  }

  /** Keys not mapped to typed fields, values as JSON text. */
  Map<String, String> rest() {
    Map<String, String> rest = new HashMap<>();
    if (node == null) {
      return rest;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!used.contains(e.getKey())) {
        rest.put(e.getKey(), e.getValue().toString());
      }
    }
    return rest;
  }
}
