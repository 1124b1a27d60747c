package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.query.PreviewSample;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The match preview's sample ({@link PreviewSample}), kept in step with the published profiles
 * ({@link PublishedProfileTally}): a visitor gets its key at its first publish (the key never
 * changes), a retirement (erased, retained out, merged into another person) deletes it, so the
 * sample holds exactly the visitors with a published profile. The rows are read from the published
 * profiles when a preview runs.
 */
final class PreviewSampling {

  private final KeyValueStore<String, String> sample;

  /**
   * @param sample {@code <hash>|<visitor>} → visitor
   */
  PreviewSampling(KeyValueStore<String, String> sample) {
    this.sample = sample;
  }

  /** The visitor's first publish. */
  void enter(String visitor) {
    sample.put(PreviewSample.key(visitor), visitor);
  }

  /** The visitor's retirement. */
  void leave(String visitor) {
    sample.delete(PreviewSample.key(visitor));
  }
}
