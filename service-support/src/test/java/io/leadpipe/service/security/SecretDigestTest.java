package io.leadpipe.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretDigestTest {

  @Test
  void onlyTheExactSecretIsTheSame() {
    SecretDigest key = SecretDigest.of("write-key");

    assertThat(key.sameAs(SecretDigest.of("write-key"))).isTrue();
    assertThat(key.sameAs(SecretDigest.of("write-key "))).isFalse();
    assertThat(key.sameAs(SecretDigest.of("write"))).isFalse();
    assertThat(key.sameAs(SecretDigest.of(""))).isFalse();
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(SecretDigest.of("write-key").toString()).doesNotContain("write-key");
  }
}
