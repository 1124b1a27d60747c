package io.leadpipe.scoring.query;

import java.util.TreeMap;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance in a listing test: at {@link #SELF}, the partitions placed as the test says; what
 * it reads is the test's own (overridden), no Kafka Streams behind it.
 */
abstract class PlacedLocalProfiles extends LocalProfiles {

  static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

  private final TreeMap<Integer, Replicas> placement;

  PlacedLocalProfiles(TreeMap<Integer, Replicas> placement) {
    super(null, null);
    this.placement = placement;
  }

  @Override
  public HostInfo self() {
    return SELF;
  }

  @Override
  public TreeMap<Integer, Replicas> placement() {
    return placement;
  }
}
