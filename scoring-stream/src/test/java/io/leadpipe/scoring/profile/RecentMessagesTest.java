package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentMessagesTest {

  private static final long HOUR = 3_600_000L;
  private static final long WINDOW = 24 * HOUR;

  @Test
  void aMessageIsKnownWithinTheWindowEitherSideAndNotBeyond() {
    long hash = RecentMessages.hashOf("web:m1");
    var m = RecentMessages.none().remember(hash, 100 * HOUR, 0, 10);

    assertThat(m.contains(hash, 100 * HOUR, WINDOW)).isTrue();
    assertThat(m.contains(hash, 123 * HOUR, WINDOW)).isTrue();
    assertThat(m.contains(hash, 77 * HOUR, WINDOW)).isTrue();
    assertThat(m.contains(hash, 124 * HOUR, WINDOW)).isFalse();
    assertThat(m.contains(hash, 76 * HOUR, WINDOW)).isFalse();
    assertThat(m.contains(RecentMessages.hashOf("web:m2"), 100 * HOUR, WINDOW)).isFalse();
  }

  @Test
  void theSourceIsPartOfTheIdentity() {
    assertThat(RecentMessages.hashOf("web:m1")).isNotEqualTo(RecentMessages.hashOf("social:m1"));
    assertThat(RecentMessages.hashOf("web:m1")).isEqualTo(RecentMessages.hashOf("web:m1"));
  }

  @Test
  void idsAppliedBeforeTheKeepTimeAreForgottenAndTheRestStayOldestFirst() {
    var m =
        RecentMessages.none()
            .remember(1, 10 * HOUR, 0, 10)
            .remember(2, 30 * HOUR, 0, 10)
            // A late input lands where its time belongs, not at the end.
            .remember(3, 20 * HOUR, 0, 10)
            .remember(4, 40 * HOUR, 15 * HOUR, 10);

    assertThat(m.hashes()).containsExactly(3, 2, 4);
    assertThat(m.atMillis()).containsExactly(20 * HOUR, 30 * HOUR, 40 * HOUR);
  }

  @Test
  void beyondTheLimitTheOldestGoFirstAndTheNewOneIsAlwaysKept() {
    var m = RecentMessages.none();
    for (int i = 0; i < 5; i++) {
      m = m.remember(i, (10 + i) * HOUR, 0, 3);
    }
    assertThat(m.hashes()).containsExactly(2, 3, 4);

    var late = m.remember(9, HOUR, 0, 3);
    assertThat(late.hashes()).containsExactly(9, 3, 4);
    assertThat(RecentMessages.none().remember(7, HOUR, 0, 1).hashes()).containsExactly(7);
  }

  @Test
  void readBackInAnyOrderItIsSortedAndComparedByContent() {
    var read = RecentMessages.of(new long[] {5, 6, 7}, new long[] {30, 10, 20});

    assertThat(read.hashes()).containsExactly(6, 7, 5);
    assertThat(read)
        .isEqualTo(RecentMessages.of(new long[] {6, 7, 5}, new long[] {10, 20, 30}))
        .hasSameHashCodeAs(RecentMessages.of(new long[] {6, 7, 5}, new long[] {10, 20, 30}));
    assertThat(RecentMessages.of(new long[0], new long[0])).isSameAs(RecentMessages.none());
    assertThat(read.toString()).isEqualTo("RecentMessages[3]");
    assertThatThrownBy(() -> RecentMessages.of(new long[] {1}, new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 message hashes but 0 times");
  }
}
