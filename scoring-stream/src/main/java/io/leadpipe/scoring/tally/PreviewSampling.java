package io.leadpipe.scoring.tally;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.query.PreviewSample;
import io.leadpipe.scoring.topology.Stores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Segment evaluation's output → the same output, forwarded unchanged, after the match preview's
 * sample ({@link PreviewSample}) is brought in step with it: a published profile's visitor gets its
 * key (written once: the key never changes, so later publishes only read it), a retirement (erased,
 * retained out, merged into another person) deletes it, so the sample holds exactly the visitors
 * with a published profile. The rows are read from the published profiles when a preview runs.
 */
public final class PreviewSampling extends PublishedProfileTally {

  private KeyValueStore<String, String> sample;

  /**
   * @param profileSerde the profile topic's value serde, to enter the published profiles once
   */
  public PreviewSampling(Serde<ProspectProfile> profileSerde) {
    super(profileSerde, "the match preview");
  }

  @Override
  protected void openStores(ProcessorContext<?, ?> context) {
    this.sample = context.getStateStore(Stores.PREVIEW_SAMPLE_STORE);
  }

  @Override
  protected boolean anyoneCounted() {
    return hasAny(sample);
  }

  @Override
  protected void count(String visitor, ProspectProfile profile) {
    sample.putIfAbsent(PreviewSample.key(visitor), visitor);
  }

  @Override
  protected void retire(String visitor) {
    sample.delete(PreviewSample.key(visitor));
  }
}
