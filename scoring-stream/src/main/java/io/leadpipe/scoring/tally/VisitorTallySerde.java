package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectSort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The tally-visitor store's value serde: a visitor's {@link VisitorTally} in the compact format
 * ({@link #FORMAT_VERSION}, then a record). The counter keys repeat a few parts many times ({@code
 * segment-facets|ENGAGED_PROSPECT|purchaseFrequency:NONE|…|browsers}: the stage and lead types
 * again for each segment), so they are written as a table of their distinct {@code |}-separated
 * parts and, per key, its number of parts and their places in the table (one byte each for up to 64
 * parts); the index entries as one score per sort (the key is rebuilt from the sort, the score and
 * the visitor id); the forecast share as its fixed-point sums.
 */
public final class VisitorTallySerde implements Serde<VisitorTally> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  private static final String CANNOT_READ = "cannot read what a visitor is counted under: ";

  /** Where a counter key is cut into parts (query.TallyRules' separator); any string joins back. */
  private static final char SEPARATOR = '|';

  /** A segment's facets key has seven parts, a stage key two: room for most keys unchanged. */
  private static final int PARTS_PER_KEY_GUESS = 7;

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int PARTS = 1;

  private static final int KEY_PARTS = 2;
  // 3 held score buckets (thousandths) until the index was keyed by the exact score: a record
  // with it and without SCORES is an older version's, which PublishedProfileTally recounts.
  static final int FACETS = 4;
  private static final int FORECAST_GROUPS = 5;
  static final int FORECAST_SHARE = 6;
  private static final int SCORES = 7;

  @Override
  public Serializer<VisitorTally> serializer() {
    return (topic, tally) -> tally == null ? null : encode(tally);
  }

  @Override
  public Deserializer<VisitorTally> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  static byte[] encode(VisitorTally tally) {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(FORMAT_VERSION);
    QueryTallies.Counted counted = tally.query();
    List<String> tallies = counted.tallies();
    if (!tallies.isEmpty()) {
      Map<String, Integer> places = new HashMap<>();
      List<String> table = new ArrayList<>();
      // Per key: its number of parts, then their places; cut by hand (a regex split costs more
      // than the rest of the encoding).
      int[] keyParts = new int[tallies.size() * PARTS_PER_KEY_GUESS];
      // The key before's parts and places: the keys are sorted, so most parts equal the part at
      // the same place of the key before, which a comparison in place finds without a substring
      // or a hash of it.
      String[] previousParts = new String[PARTS_PER_KEY_GUESS];
      int[] previousPlaces = new int[PARTS_PER_KEY_GUESS];
      int previousCount = 0;
      int n = 0;
      for (String key : tallies) {
        int countAt = n++;
        int count = 0;
        int from = 0;
        int to;
        do {
          to = key.indexOf(SEPARATOR, from);
          int end = to < 0 ? key.length() : to;
          int place;
          String previous = count < previousCount ? previousParts[count] : null;
          if (previous != null
              && previous.length() == end - from
              && key.regionMatches(from, previous, 0, previous.length())) {
            place = previousPlaces[count];
          } else {
            String part = key.substring(from, end);
            Integer known = places.get(part);
            if (known == null) {
              known = table.size();
              places.put(part, known);
              table.add(part);
            }
            place = known;
            if (count == previousParts.length) {
              previousParts = Arrays.copyOf(previousParts, count * 2);
              previousPlaces = Arrays.copyOf(previousPlaces, count * 2);
            }
            previousParts[count] = part;
            previousPlaces[count] = place;
          }
          if (n == keyParts.length) {
            keyParts = Arrays.copyOf(keyParts, keyParts.length * 2);
          }
          keyParts[n++] = place;
          count++;
          from = to + 1;
        } while (to >= 0);
        previousCount = count;
        keyParts[countAt] = count;
        if (n == keyParts.length) {
          keyParts = Arrays.copyOf(keyParts, keyParts.length * 2);
        }
      }
      w.strings(PARTS, table);
      w.listField(KEY_PARTS, n, Wire.VARINT);
      for (int i = 0; i < n; i++) {
        w.zigZag(keyParts[i]);
      }
    }
    w.doubleMapField(SCORES, counted.scores(), ProspectSort::param);
    w.beginRecord(FACETS);
    FacetsFormat.write(w, counted.facets());
    w.endRecord();
    ForecastTally.Counted forecast = tally.forecast();
    w.strings(FORECAST_GROUPS, forecast.groups());
    w.beginRecord(FORECAST_SHARE);
    ForecastSumsFormat.write(w, forecast.share());
    w.endRecord();
    w.endRecord();
    return w.toByteArray();
  }

  static VisitorTally decode(byte[] bytes) {
    BinaryReader r = BinaryReader.afterVersion(bytes, FORMAT_VERSION, CANNOT_READ);
    try {
      List<String> parts = List.of();
      long[] keyParts = new long[0];
      Map<ProspectSort, Double> scores = new EnumMap<>(ProspectSort.class);
      ProspectFacets facets = null;
      List<String> groups = List.of();
      ForecastSums share = null;
      for (int key = r.key(); key != Wire.END; key = r.key()) {
        switch (Wire.fieldId(key)) {
          case PARTS -> parts = r.strings(key);
          case KEY_PARTS -> {
            keyParts = new long[r.listField(key, Wire.VARINT)];
            for (int i = 0; i < keyParts.length; i++) {
              keyParts[i] = r.zigZag();
            }
          }
          case SCORES -> {
            int count = r.doubleMapField(key);
            for (int i = 0; i < count; i++) {
              String sort = r.string();
              double score = r.doubleMapValue();
              // A sort this version does not know has no index to keep in step.
              ProspectSort.of(sort).ifPresent(s -> scores.put(s, score));
            }
          }
          case FACETS -> {
            r.recordField(key);
            facets = FacetsFormat.read(r);
            r.exit();
          }
          case FORECAST_GROUPS -> groups = r.strings(key);
          case FORECAST_SHARE -> {
            r.recordField(key);
            share = ForecastSumsFormat.read(r);
            r.exit();
          }
          default -> r.skip(key);
        }
      }
      if (!r.atEnd()) {
        throw r.corrupt((bytes.length - r.position()) + " bytes after the end of the record");
      }
      if (facets == null || share == null) {
        throw r.corrupt("no " + (facets == null ? "facets" : "forecast share"));
      }
      return new VisitorTally(
          new QueryTallies.Counted(keys(parts, keyParts, r), scores, facets),
          new ForecastTally.Counted(groups, share));
    } catch (RuntimeException e) {
      throw new SerializationException(CANNOT_READ + e.getMessage(), e);
    }
  }

  /** The counter keys: per key its number of parts, then their places in {@code parts}. */
  private static List<String> keys(List<String> parts, long[] keyParts, BinaryReader r) {
    List<String> keys = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    int i = 0;
    while (i < keyParts.length) {
      long count = keyParts[i++];
      if (count < 1 || count > keyParts.length - i) {
        throw r.corrupt("counter key " + keys.size() + " has " + count + " parts");
      }
      key.setLength(0);
      for (long n = 0; n < count; n++) {
        long place = keyParts[i++];
        if (place < 0 || place >= parts.size()) {
          throw r.corrupt("counter key " + keys.size() + " refers to part " + place);
        }
        if (n > 0) {
          key.append(SEPARATOR);
        }
        key.append(parts.get((int) place));
      }
      keys.add(key.toString());
    }
    return List.copyOf(keys);
  }
}
