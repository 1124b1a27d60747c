package io.leadpipe.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.testing.CompactSerdeContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityGroupSerdeTest extends CompactSerdeContract<IdentityGroup> {

  /** A person linked over two devices and a login, with a merge undone once. */
  private static final IdentityGroup LINKED =
      new IdentityGroup(
          "anon-7f3a",
          List.of("anon-7f3a", "anon-91c2", "user:4411"),
          List.of("user:4411"),
          List.of("email:9b1e0c", "phone:77d2aa"),
          List.of("merge-anon-91c2-anon-7f3a", "merge-anon-0003-anon-7f3a"),
          List.of("anon-0003"));

  IdentityGroupSerdeTest() {
    super(
        new IdentityGroupSerde(),
        LINKED,
        IdentityGroup.class,
        IdentityGroupSerde.FORMAT_VERSION,
        "identity group");
  }

  @Test
  void groupsSurviveTheCompactFormat() {
    // A linked person, and an id the graph has just seen (empty lists left out)
    assertThat(roundTrip(LINKED)).isEqualTo(LINKED);
    assertThat(roundTrip(IdentityGroup.of("anon-1"))).isEqualTo(IdentityGroup.of("anon-1"));
  }
}
