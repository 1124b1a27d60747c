package io.leadpipe.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.streams.state.StateSerde;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class IdentityGroupSerdeTest {

  private final IdentityGroupSerde serde = new IdentityGroupSerde();

  /** A person linked over two devices and a login, with a merge undone once. */
  private static final IdentityGroup LINKED =
      new IdentityGroup(
          "anon-7f3a",
          List.of("anon-7f3a", "anon-91c2", "user:4411"),
          List.of("user:4411"),
          List.of("email:9b1e0c", "phone:77d2aa"),
          List.of("merge-anon-91c2-anon-7f3a", "merge-anon-0003-anon-7f3a"),
          List.of("anon-0003"));

  private IdentityGroup roundTrip(IdentityGroup group) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", group));
  }

  @Test
  void groupsSurviveTheCompactFormat() {
    assertThat(roundTrip(LINKED)).isEqualTo(LINKED);
    assertThat(roundTrip(IdentityGroup.of("anon-1"))).isEqualTo(IdentityGroup.of("anon-1"));
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void groupsWrittenByAnEarlierVersionAsSmileAreRead() {
    byte[] earlier = StateSerde.of(IdentityGroup.class).serializer().serialize("t", LINKED);

    assertThat(StateSerde.isSmile(earlier)).isTrue();
    assertThat(serde.deserializer().deserialize("t", earlier)).isEqualTo(LINKED);
  }

  @Test
  void theCompactFormatIsSmallerThanSmile() {
    byte[] compact = serde.serializer().serialize("t", LINKED);
    byte[] earlier = StateSerde.of(IdentityGroup.class).serializer().serialize("t", LINKED);

    assertThat(compact[0]).isEqualTo(IdentityGroupSerde.FORMAT_VERSION);
    assertThat(compact.length).isLessThan(earlier.length);
  }

  @Test
  void groupsOfANewerFormatOrCorruptBytesFailWithWhatIsWrong() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0x02, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version 2");
    byte[] group = serde.serializer().serialize("t", LINKED);
    byte[] truncated = Arrays.copyOf(group, group.length - 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("identity group");
  }
}
