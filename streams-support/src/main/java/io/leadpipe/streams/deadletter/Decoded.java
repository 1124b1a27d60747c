package io.leadpipe.streams.deadletter;

import io.leadpipe.schemas.deadletter.DeadLetter;

/**
 * What {@link SafeDecoder} makes of a record: the value the topology works with, or the dead letter
 * saying why not.
 */
public record Decoded<V>(V value, DeadLetter deadLetter) {

  public boolean rejected() {
    return deadLetter != null;
  }
}
