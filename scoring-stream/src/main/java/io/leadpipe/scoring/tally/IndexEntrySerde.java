package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.profile.CompactValue;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.streams.state.StateSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The prospect index's value serde: an entry holds only the visitor's {@link ProspectFacets}, in
 * the compact format ({@link #FORMAT_VERSION}, then the facets' fields and the record's end). It
 * also reads the entries of earlier versions (a whole {@link ProspectSummary} as Smile), so that
 * the first start after an upgrade can read the index it clears and rebuilds ({@link
 * PublishedProfileTally}).
 *
 * <p>A visitor puts the same facets once per sort: the serializer remembers the last facets it
 * wrote (per thread, by identity: the record is immutable) and gives its bytes again.
 */
public final class IndexEntrySerde implements Serde<ProspectFacets> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  private static final String CANNOT_READ = "cannot read a prospect-index entry: ";

  private record Written(ProspectFacets facets, byte[] bytes) {}

  private final Deserializer<ProspectSummary> earlier =
      StateSerde.of(ProspectSummary.class).deserializer();
  private final ThreadLocal<Written> last = new ThreadLocal<>();

  @Override
  public Serializer<ProspectFacets> serializer() {
    return (topic, facets) -> {
      if (facets == null) {
        return null;
      }
      Written previous = last.get();
      if (previous != null && previous.facets() == facets) {
        return previous.bytes();
      }
      byte[] bytes = encode(facets);
      last.set(new Written(facets, bytes));
      return bytes;
    };
  }

  @Override
  public Deserializer<ProspectFacets> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (!Wire.isCompact(bytes)) {
        ProspectSummary summary = earlier.deserialize(topic, bytes);
        return new ProspectFacets(summary.stage(), summary.leadTypes(), summary.segments());
      }
      return decode(bytes);
    };
  }

  static byte[] encode(ProspectFacets facets) {
    return CompactValue.encode(FORMAT_VERSION, facets, FacetsFormat::write);
  }

  static ProspectFacets decode(byte[] bytes) {
    return CompactValue.decode(bytes, FORMAT_VERSION, CANNOT_READ, FacetsFormat::read);
  }
}
