package io.leadpipe.dashboard.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond {@code capacity}, so memory stays bounded
 * whatever the number of visitors or segments seen. Not thread-safe; owners synchronize. Counts
 * what it forgot.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
  private final int capacity;
  private long evicted;

  public LruMap(int capacity) {
    super(16, 0.75f, true);
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    boolean full = size() > capacity;
    if (full) {
      evicted++;
    }
    return full;
  }

  public long evicted() {
    return evicted;
  }
}
