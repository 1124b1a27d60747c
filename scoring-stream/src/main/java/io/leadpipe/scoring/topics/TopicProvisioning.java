package io.leadpipe.scoring.topics;

import io.leadpipe.streams.runtime.CatalogueTopics;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's missing topics once, before anything of the service reads or writes them
 * (a Streams application whose source topic is missing fails). Existing topics are never changed.
 */
@Singleton
public class TopicProvisioning {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioning.class);

  private final TopicSettings settings;
  private final String bootstrapServers;
  private boolean done;

  public TopicProvisioning(
      TopicSettings settings,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Idempotent: the first caller provisions, later ones return at once. Fails start-up if Kafka
   * cannot be reached.
   */
  public synchronized void ensureProvisioned() {
    if (done || !settings.provision()) {
      return;
    }
    List<String> created =
        CatalogueTopics.ensure(
            bootstrapServers,
            "leadpipe-scoring-provisioning",
            Optional.ofNullable(settings.partitions()),
            settings.replicationFactor(),
            settings.timeout());
    LOG.info("Catalogue topics checked; created {}", created.isEmpty() ? "none" : created);
    done = true;
  }
}
