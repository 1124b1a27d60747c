package io.leadpipe.dashboard.support;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@code capacity} items, oldest first; adding to a full buffer drops the oldest.
 * Thread-safe.
 */
public final class RingBuffer<T> {
  private final int capacity;
  private final ArrayDeque<T> items;

  public RingBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  public synchronized void add(T item) {
    if (items.size() == capacity) {
      items.removeFirst();
    }
    items.addLast(item);
  }

  /** A copy, oldest first. */
  public synchronized List<T> toList() {
    return List.copyOf(items);
  }

  public synchronized T latest() {
    return items.peekLast();
  }
}
