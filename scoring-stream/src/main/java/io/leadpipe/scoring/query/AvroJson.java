package io.leadpipe.scoring.query;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro record as plain JSON values (maps, lists, strings, numbers, booleans), field names as in
 * the contract: unions unwrapped, enums by symbol, timestamps as ISO-8601 strings. Walking the
 * record's own schema means a field added to the contract shows up in the API without code changes
 * here.
 */
public final class AvroJson {

  private AvroJson() {}

  public static Map<String, Object> of(IndexedRecord record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      out.put(field.name(), value(record.get(field.pos())));
    }
    return out;
  }

  private static Object value(Object v) {
    if (v == null || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof IndexedRecord r) {
      return of(r);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(x -> out.add(value(x)));
      return out;
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer view = b.duplicate();
      byte[] bytes = new byte[view.remaining()];
      view.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof GenericEnumSymbol<?> s) {
      return s.toString();
    }
    // CharSequence (Utf8), Instant, LocalDate, ...: their text form is the JSON one.
    return v.toString();
  }
}
