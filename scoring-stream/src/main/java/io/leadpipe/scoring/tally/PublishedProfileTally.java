package io.leadpipe.scoring.tally;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.segment.SegmentMembership;
import io.leadpipe.scoring.topology.Stores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment evaluation's output → the same output, forwarded unchanged, after an incremental tally
 * over the published profiles (the query API's counters and index, the forecast sums) is brought in
 * step with it: a published profile is counted, a retirement (all fields null) takes its visitor
 * out, a membership change touches nothing (the profile published with it carries the same news). A
 * task whose profiles were published before the tally's stores existed (the first start of the
 * version that adds them) counts them once when it starts.
 */
public abstract class PublishedProfileTally
    implements Processor<String, SegmentMembership.Out, String, SegmentMembership.Out> {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedProfileTally.class);

  private final Serde<ProspectProfile> profileSerde;
  private final String purpose;
  private ProcessorContext<String, SegmentMembership.Out> context;

  /**
   * @param profileSerde the profile topic's value serde, to count the published profiles once
   * @param purpose what the tally is for, as the start-up log line says it
   */
  protected PublishedProfileTally(Serde<ProspectProfile> profileSerde, String purpose) {
    this.profileSerde = profileSerde;
    this.purpose = purpose;
  }

  @Override
  public final void init(ProcessorContext<String, SegmentMembership.Out> context) {
    this.context = context;
    openStores(context);
    if (!anyoneCounted()) {
      countPublishedOnce(context.getStateStore(Stores.PROFILE_STORE));
    }
  }

  /** Takes the tally's stores from the context. */
  protected abstract void openStores(ProcessorContext<?, ?> context);

  /** Whether the store of what each visitor is counted under has any visitor. */
  protected abstract boolean anyoneCounted();

  /** Moves the visitor from what it was counted under to what its profile says now. */
  protected abstract void count(String visitor, ProspectProfile profile);

  /** Takes the visitor out of everything it was counted under. */
  protected abstract void retire(String visitor);

  /** True when the store holds at least one entry. */
  protected static boolean hasAny(KeyValueStore<String, ?> store) {
    try (KeyValueIterator<String, ?> any = store.all()) {
      return any.hasNext();
    }
  }

  private void countPublishedOnce(KeyValueStore<String, byte[]> published) {
    int visitors = 0;
    try (KeyValueIterator<String, byte[]> all = published.all()) {
      while (all.hasNext()) {
        var kv = all.next();
        if (kv.value != null) {
          count(
              kv.key,
              profileSerde.deserializer().deserialize(Topics.PROSPECT_PROFILES.name(), kv.value));
          visitors++;
        }
      }
    }
    if (visitors > 0) {
      LOG.info("Counted {} published profiles for {} in {}", visitors, purpose, context.taskId());
    }
  }

  @Override
  public final void process(Record<String, SegmentMembership.Out> record) {
    SegmentMembership.Out out = record.value();
    if (out.change() == null) {
      if (out.profile() != null) {
        count(record.key(), out.profile());
      } else {
        retire(record.key());
      }
    }
    context.forward(record);
  }
}
