package io.leadpipe.schemas.topics;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics that do not exist yet. Existing topics are left as they are:
 * changing partitions of a keyed topic would move visitors between partitions.
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** Creates the missing topics and returns the names it created. */
  public static List<String> ensureTopics(
      Admin admin,
      Collection<Topic<?>> topics,
      Optional<Integer> partitionsOverride,
      short replicationFactor,
      long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<NewTopic> missing =
        topics.stream()
            .filter(t -> !existing.contains(t.name()))
            .map(t -> t.newTopic(partitionsOverride, replicationFactor))
            .toList();
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // Another instance created it between our list and create: that is the state we want.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return missing.stream().map(NewTopic::name).toList();
  }
}
