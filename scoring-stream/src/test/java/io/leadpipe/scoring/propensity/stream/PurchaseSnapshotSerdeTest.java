package io.leadpipe.scoring.propensity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import io.leadpipe.streams.state.StateSerde;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PurchaseSnapshotSerdeTest {

  private static final long SNAPSHOT_AT = 1_793_613_600_000L;
  private static final long WEEK_MILLIS = 7L * 24 * 60 * 60 * 1000;

  private final PurchaseSnapshotSerde serde = new PurchaseSnapshotSerde();

  /** An open snapshot as a publish stores it: every feature a different fraction. */
  private static final PurchaseSnapshot OPEN =
      new PurchaseSnapshot(
          SNAPSHOT_AT,
          SNAPSHOT_AT + WEEK_MILLIS,
          IntStream.range(0, PropensityFeatures.NAMES.size())
              .mapToDouble(i -> Math.exp(-i / 3.0))
              .toArray(),
          false,
          0.23,
          61.5,
          120,
          0);

  private PurchaseSnapshot roundTrip(PurchaseSnapshot snapshot) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", snapshot));
  }

  @Test
  void snapshotsSurviveTheCompactFormatExactly() {
    // Marked by a purchase; opened before predictions were kept; zeros, -0.0 and NaN features
    for (PurchaseSnapshot snapshot :
        List.of(
            OPEN,
            new PurchaseSnapshot(
                SNAPSHOT_AT, SNAPSHOT_AT + WEEK_MILLIS, OPEN.features(), true, 0.9, 0, 80, 45.25),
            new PurchaseSnapshot(
                0, WEEK_MILLIS, new double[] {0, -0.0, Double.NaN, 1}, false, null, 0, 0, 0))) {
      assertThat(roundTrip(snapshot))
          .usingRecursiveComparison()
          .withEqualsForType(Double::equals, Double.class) // exact bits: NaN, -0.0
          .isEqualTo(snapshot);
    }
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void snapshotsWrittenByAnEarlierVersionAsSmileAreRead() {
    byte[] earlier = StateSerde.of(PurchaseSnapshot.class).serializer().serialize("t", OPEN);

    assertThat(StateSerde.isSmile(earlier)).isTrue();
    assertThat(serde.deserializer().deserialize("t", earlier))
        .usingRecursiveComparison()
        .isEqualTo(OPEN);
  }

  @Test
  void theCompactFormatIsSmallerThanSmile() {
    byte[] compact = serde.serializer().serialize("t", OPEN);
    byte[] earlier = StateSerde.of(PurchaseSnapshot.class).serializer().serialize("t", OPEN);

    assertThat(compact[0]).isEqualTo(PurchaseSnapshotSerde.FORMAT_VERSION);
    assertThat(compact.length).isLessThan(earlier.length);
  }

  @Test
  void snapshotsOfANewerFormatOrCorruptBytesFailWithWhatIsWrong() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0x02, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version 2");
    byte[] snapshot = serde.serializer().serialize("t", OPEN);
    byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("purchase snapshot");
  }
}
