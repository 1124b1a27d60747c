package io.leadpipe.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final KeyRing ring = new KeyRing(List.of("first-key", " second-key "));

  @Test
  void acceptsEachConfiguredKeyExactly() {
    assertThat(ring.matches("first-key")).isTrue();
    assertThat(ring.matches("second-key")).isTrue();
  }

  @Test
  void rejectsPrefixesExtensionsCaseChangesAndNothing() {
    assertThat(ring.matches("first")).isFalse();
    assertThat(ring.matches("first-key2")).isFalse();
    assertThat(ring.matches("FIRST-KEY")).isFalse();
    assertThat(ring.matches("")).isFalse();
    assertThat(ring.matches(null)).isFalse();
  }

  @Test
  void blankConfiguredKeysDoNotOpenTheRing() {
    KeyRing blank = new KeyRing(Arrays.asList("", "  ", null));
    assertThat(blank.isEmpty()).isTrue();
    assertThat(blank.matches(" ")).isFalse();
  }
}
