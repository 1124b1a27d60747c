package io.leadpipe.ingest.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeclaredFollowersTest {

  @Test
  void aCountUpToTheCapIsKeptAsDeclared() {
    assertThat(DeclaredFollowers.of(12_000, 1_000_000))
        .isEqualTo(new DeclaredFollowers(12_000, false));
    assertThat(DeclaredFollowers.of(1_000_000, 1_000_000))
        .isEqualTo(new DeclaredFollowers(1_000_000, false));
  }

  @Test
  void aLargerCountIsCappedAndMarkedSo() {
    assertThat(DeclaredFollowers.of(10_000_000_000L, 1_000_000))
        .isEqualTo(new DeclaredFollowers(1_000_000, true));
  }
}
