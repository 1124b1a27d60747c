package io.leadpipe.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final KeyRing ring = new KeyRing("test.keys", List.of("first-key", " second-key "));

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
    KeyRing blank = new KeyRing("test.keys", Arrays.asList("", "  ", null));
    assertThat(blank.isEmpty()).isTrue();
    assertThat(blank.matches(" ")).isFalse();
  }

  @Test
  void acceptsTheSecretOfAConfiguredSha256Digest() {
    // printf %s 'a-long-random-admin-key' | sha256sum
    KeyRing digests =
        new KeyRing(
            "test.keys",
            List.of(
                "sha256:" + java.util.HexFormat.of().formatHex(sha256("a-long-random-admin-key"))));
    assertThat(digests.matches("a-long-random-admin-key")).isTrue();
    assertThat(digests.matches("sha256:" + "0".repeat(64))).isFalse();
  }

  @Test
  void aMalformedDigestFailsNamingTheSetting() {
    assertThatThrownBy(() -> new KeyRing("leadpipe.security.admin-keys", List.of("sha256:abc")))
        .hasMessageStartingWith("leadpipe.security.admin-keys: ")
        .hasMessageContaining("64 hexadecimal digits");
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
