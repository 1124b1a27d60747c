package io.leadpipe.scoring.app;

import io.leadpipe.scoring.app.config.InstanceSettings;
import io.leadpipe.scoring.topics.TopicProvisioning;
import io.leadpipe.streams.runtime.StreamsHost;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.state.HostInfo;

/**
 * scoring-stream's host for every Streams application it runs (profiles, and hesitation detection
 * unless switched off): reached at {@code leadpipe.scoring.instance.*}, the catalogue topics
 * provisioned first.
 */
@Singleton
public class ScoringStreamsHost implements StreamsHost {

  private final InstanceSettings instance;
  private final TopicProvisioning topics;

  public ScoringStreamsHost(InstanceSettings instance, TopicProvisioning topics) {
    this.instance = instance;
    this.topics = topics;
  }

  @Override
  public HostInfo self(int serverPort) {
    return new HostInfo(
        instance.advertisedHost(),
        instance.advertisedPort() > 0 ? instance.advertisedPort() : serverPort);
  }

  @Override
  public void prepare() {
    topics.ensureProvisioned();
  }
}
