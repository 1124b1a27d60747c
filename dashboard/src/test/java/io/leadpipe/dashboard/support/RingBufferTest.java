package io.leadpipe.dashboard.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RingBufferTest {

  @Test
  void keepsTheLastItemsOldestFirst() {
    RingBuffer<Integer> ring = new RingBuffer<>(3);
    for (int i = 1; i <= 5; i++) {
      ring.add(i);
    }
    assertThat(ring.toList()).containsExactly(3, 4, 5);
    assertThat(ring.latest()).isEqualTo(5);
  }

  @Test
  void anEmptyRingHasNoLatest() {
    assertThat(new RingBuffer<String>(2).latest()).isNull();
    assertThatThrownBy(() -> new RingBuffer<String>(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLruMapForgetsTheLeastRecentlyUsedBeyondItsCapacity() {
    LruMap<String, Integer> map = new LruMap<>(2);
    map.put("a", 1);
    map.put("b", 2);
    map.get("a");
    map.put("c", 3);
    assertThat(map).containsOnlyKeys("a", "c");
    assertThat(map.evicted()).isEqualTo(1);
  }
}
