package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.ProfileStateCodec;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.streams.state.StateSerde;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The tally-keys store's value serde: a visitor's {@link QueryTallies.Counted} in the compact
 * format ({@link #FORMAT_VERSION}, then a record). The counter keys are sorted and share long
 * prefixes ({@code filter|ENGAGED_PROSPECT|purchaseVolume:HIGH|…}), so each is written as the
 * length it shares with the key before it and the rest (front coding); the index entries as one
 * score bucket per sort (the key is rebuilt from the sort, the bucket and the visitor id).
 *
 * <p>Reads the Smile of earlier versions too (counter keys and whole index keys, no facets): such a
 * visitor's index entries are rewritten at its next publish.
 */
public final class CountedSerde implements Serde<QueryTallies.Counted> {

  /** The first byte of this format: one of those {@link ProfileStateCodec} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  private static final String CANNOT_READ = "cannot read a visitor's tally keys: ";

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int SHARED_LENGTHS = 1;

  private static final int SUFFIXES = 2;
  private static final int BUCKETS = 3;
  private static final int FACETS = 4;

  /** How earlier versions stored it (Smile): the counter keys and the whole index keys. */
  record EarlierCounted(List<String> tallies, List<String> index) {}

  private final Deserializer<EarlierCounted> earlier =
      StateSerde.of(EarlierCounted.class).deserializer();

  @Override
  public Serializer<QueryTallies.Counted> serializer() {
    return (topic, counted) -> counted == null ? null : encode(counted);
  }

  @Override
  public Deserializer<QueryTallies.Counted> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return ProfileStateCodec.isCompact(bytes)
          ? decode(bytes)
          : fromEarlier(earlier.deserialize(topic, bytes));
    };
  }

  static byte[] encode(QueryTallies.Counted counted) {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(FORMAT_VERSION);
    List<String> tallies = counted.tallies();
    if (!tallies.isEmpty()) {
      w.listField(SHARED_LENGTHS, tallies.size(), Wire.VARINT);
      String before = "";
      for (String key : tallies) {
        w.zigZag(sharedLength(before, key));
        before = key;
      }
      w.listField(SUFFIXES, tallies.size(), Wire.BYTES);
      before = "";
      for (String key : tallies) {
        w.string(key.substring(sharedLength(before, key)));
        before = key;
      }
    }
    if (!counted.buckets().isEmpty()) {
      w.mapField(BUCKETS, counted.buckets().size(), Wire.BYTES, Wire.VARINT);
      counted
          .buckets()
          .forEach(
              (sort, bucket) -> {
                w.string(sort.param());
                w.zigZag(bucket);
              });
    }
    if (counted.facets() != null) {
      w.beginRecord(FACETS);
      FacetsFormat.write(w, counted.facets());
      w.endRecord();
    }
    w.endRecord();
    return w.toByteArray();
  }

  static QueryTallies.Counted decode(byte[] bytes) {
    if (bytes[0] != FORMAT_VERSION) {
      throw new SerializationException(
          CANNOT_READ
              + "written in format version "
              + bytes[0]
              + " (a newer version?); this version reads format version "
              + FORMAT_VERSION);
    }
    BinaryReader r = new BinaryReader(bytes, 1);
    try {
      int[] shared = new int[0];
      List<String> suffixes = List.of();
      Map<ProspectSort, Long> buckets = new EnumMap<>(ProspectSort.class);
      ProspectFacets facets = null;
      for (int key = r.key(); key != Wire.END; key = r.key()) {
        switch (Wire.fieldId(key)) {
          case SHARED_LENGTHS -> {
            shared = new int[r.listField(key, Wire.VARINT)];
            for (int i = 0; i < shared.length; i++) {
              shared[i] = Math.toIntExact(r.zigZag());
            }
          }
          case SUFFIXES -> {
            int count = r.listField(key, Wire.BYTES);
            suffixes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              suffixes.add(r.string());
            }
          }
          case BUCKETS -> {
            int count = r.mapField(key, Wire.BYTES, Wire.VARINT);
            for (int i = 0; i < count; i++) {
              String sort = r.string();
              long bucket = r.zigZag();
              // A sort this version does not know has no index to keep in step.
              ProspectSort.of(sort).ifPresent(s -> buckets.put(s, bucket));
            }
          }
          case FACETS -> {
            r.recordField(key);
            facets = FacetsFormat.read(r);
            r.exit();
          }
          default -> r.skip(key);
        }
      }
      if (!r.atEnd()) {
        throw r.corrupt((bytes.length - r.position()) + " bytes after the end of the record");
      }
      return new QueryTallies.Counted(unfrontCoded(shared, suffixes, r), buckets, facets);
    } catch (RuntimeException e) {
      throw new SerializationException(CANNOT_READ + e.getMessage(), e);
    }
  }

  private static List<String> unfrontCoded(int[] shared, List<String> suffixes, BinaryReader r) {
    if (shared.length != suffixes.size()) {
      throw r.corrupt(shared.length + " shared lengths for " + suffixes.size() + " counter keys");
    }
    List<String> keys = new ArrayList<>(shared.length);
    String before = "";
    for (int i = 0; i < shared.length; i++) {
      if (shared[i] < 0 || shared[i] > before.length()) {
        throw r.corrupt("counter key " + i + " shares " + shared[i] + " chars with a shorter one");
      }
      String key = before.substring(0, shared[i]) + suffixes.get(i);
      keys.add(key);
      before = key;
    }
    return List.copyOf(keys);
  }

  private static int sharedLength(String a, String b) {
    int max = Math.min(a.length(), b.length());
    int i = 0;
    while (i < max && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    // Never split a surrogate pair: each suffix must be valid UTF-16 on its own.
    if (i > 0 && i < b.length() && Character.isHighSurrogate(b.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static QueryTallies.Counted fromEarlier(EarlierCounted earlier) {
    Map<ProspectSort, Long> buckets = new EnumMap<>(ProspectSort.class);
    earlier.index().stream()
        .map(ProspectIndex::sortAndBucket)
        .flatMap(Optional::stream)
        .forEach(e -> buckets.put(e.getKey(), e.getValue()));
    return new QueryTallies.Counted(List.copyOf(earlier.tallies()), buckets, null);
  }
}
