package io.leadpipe.streams.runtime;

import io.leadpipe.schemas.topics.TopicProvisioner;
import io.leadpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates the catalogue's missing topics before a service's Streams applications start (an
 * application whose source topic is missing fails). Existing topics are never changed.
 */
public final class CatalogueTopics {

  private CatalogueTopics() {}

  /**
   * @param partitions of visitor-keyed topics; empty takes the catalogue's default
   * @return the topics created
   * @throws IllegalStateException when the cluster cannot be reached within {@code timeout}
   */
  public static List<String> ensure(
      String bootstrapServers,
      String clientId,
      Optional<Integer> partitions,
      short replicationFactor,
      Duration timeout) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId))) {
      return TopicProvisioner.ensureTopics(
          admin, Topics.all(), partitions, replicationFactor, timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not provision the catalogue topics on " + bootstrapServers, e);
    }
  }
}
