package io.leadpipe.scoring.app;

import io.leadpipe.scoring.app.config.TopicSettings;
import io.leadpipe.schemas.topics.TopicProvisioner;
import io.leadpipe.schemas.topics.Topics;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's missing topics once, before anything of the service reads or writes them (a Streams
 * application whose source topic is missing fails). Existing topics are never changed.
 */
@Singleton
public class TopicProvisioning {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioning.class);

  private final TopicSettings settings;
  private final String bootstrapServers;
  private boolean done;

  public TopicProvisioning(TopicSettings settings,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
  }

  /** Idempotent: the first caller provisions, later ones return at once. Fails start-up if Kafka cannot be reached. */
  public synchronized void ensureProvisioned() {
    if (done || !settings.provision()) {
      return;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "leadpipe-scoring-provisioning"))) {
      List<String> created = TopicProvisioner.ensureTopics(admin, Topics.all(),
          Optional.ofNullable(settings.partitions()), settings.replicationFactor(), settings.timeout().toMillis());
      LOG.info("Catalogue topics checked; created {}", created.isEmpty() ? "none" : created);
      done = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not provision the catalogue topics on " + bootstrapServers, e);
    }
  }
}
