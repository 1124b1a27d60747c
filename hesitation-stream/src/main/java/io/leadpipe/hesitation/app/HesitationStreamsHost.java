package io.leadpipe.hesitation.app;

import io.leadpipe.streams.runtime.CatalogueTopics;
import io.leadpipe.streams.runtime.StreamsHost;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hesitation-stream's own host ({@code leadpipe.hesitations.instance.*}, {@code
 * leadpipe.hesitations.topics.*}): creates the catalogue's missing topics before detection starts
 * (a Streams application whose source topic is missing fails). Secondary: inside scoring-stream
 * that service's host is used instead.
 */
@Singleton
@Secondary
public class HesitationStreamsHost implements StreamsHost {

  private static final Logger LOG = LoggerFactory.getLogger(HesitationStreamsHost.class);

  private final String advertisedHost;
  private final int advertisedPort;
  private final boolean provision;
  private final short replicationFactor;
  private final Duration timeout;
  private final String bootstrapServers;

  public HesitationStreamsHost(
      @Value("${leadpipe.hesitations.instance.advertised-host:127.0.0.1}") String advertisedHost,
      @Value("${leadpipe.hesitations.instance.advertised-port:0}") int advertisedPort,
      @Value("${leadpipe.hesitations.topics.provision:true}") boolean provision,
      @Value("${leadpipe.hesitations.topics.replication-factor:1}") short replicationFactor,
      @Value("${leadpipe.hesitations.topics.timeout:30s}") Duration timeout,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers) {
    this.advertisedHost = advertisedHost;
    this.advertisedPort = advertisedPort;
    this.provision = provision;
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public HostInfo self(int serverPort) {
    return new HostInfo(advertisedHost, advertisedPort > 0 ? advertisedPort : serverPort);
  }

  /** Existing topics are never changed. Fails start-up if Kafka cannot be reached. */
  @Override
  public void prepare() {
    if (!provision) {
      return;
    }
    List<String> created =
        CatalogueTopics.ensure(
            bootstrapServers,
            "leadpipe-hesitations-provisioning",
            Optional.empty(),
            replicationFactor,
            timeout);
    LOG.info("Catalogue topics checked; created {}", created.isEmpty() ? "none" : created);
  }
}
