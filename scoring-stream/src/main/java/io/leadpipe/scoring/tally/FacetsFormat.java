package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.query.ProspectFacets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ProspectFacets} as fields of a record in the compact format ({@code profile.Wire}): the
 * prospect index's values and the visitor's {@link QueryTallies.Counted} both hold them. A reader
 * passes over field ids it does not know, so a later version may add fields.
 */
final class FacetsFormat {

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int STAGE = 1;

  private static final int LEAD_TYPES = 2;
  private static final int SEGMENTS = 3;

  private FacetsFormat() {}

  /** The fields of {@code facets}; the caller ends the record. */
  static void write(BinaryWriter w, ProspectFacets facets) {
    w.stringField(STAGE, facets.stage());
    if (!facets.leadTypes().isEmpty()) {
      w.mapField(LEAD_TYPES, facets.leadTypes().size(), Wire.BYTES, Wire.BYTES);
      facets
          .leadTypes()
          .forEach(
              (dimension, value) -> {
                w.string(dimension);
                w.string(value);
              });
    }
    w.strings(SEGMENTS, facets.segments());
  }

  /** The facets of a record's fields, up to and with its end. */
  static ProspectFacets read(BinaryReader r) {
    String stage = null;
    Map<String, String> leadTypes = new HashMap<>();
    List<String> segments = List.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case STAGE -> stage = r.stringField(key);
        case LEAD_TYPES -> {
          int count = r.mapField(key, Wire.BYTES, Wire.BYTES);
          for (int i = 0; i < count; i++) {
            leadTypes.put(r.string(), r.string());
          }
        }
        case SEGMENTS -> segments = r.strings(key);
        default -> r.skip(key);
      }
    }
    if (stage == null) {
      throw r.corrupt("facets without a stage");
    }
    return new ProspectFacets(stage, leadTypes, segments);
  }
}
