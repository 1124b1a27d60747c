package io.leadpipe.ingest.health;

import io.leadpipe.ingest.config.ReadinessSettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Not ready while Kafka is unreachable: a load balancer then stops sending events that could only
 * be answered with 503. The check asks the cluster to describe itself within a short timeout; it
 * runs on Micronaut's IO pool (AbstractHealthIndicator), never on an event loop.
 */
@Singleton
@Readiness
public class KafkaReadinessIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private final Admin admin;
  private final ReadinessSettings settings;

  public KafkaReadinessIndicator(Admin admin, ReadinessSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    long timeoutMs = settings.kafkaTimeout().toMillis();
    try {
      Collection<Node> nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
              .nodes()
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      healthStatus = nodes.isEmpty() ? HealthStatus.DOWN : HealthStatus.UP;
      details.put("brokers", nodes.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      healthStatus = HealthStatus.DOWN;
      details.put("error", "interrupted");
    } catch (Exception e) {
      healthStatus = HealthStatus.DOWN;
      details.put("error", e.getClass().getSimpleName());
    }
    return details;
  }

  @Override
  protected String getName() {
    return "kafka";
  }

  @PreDestroy
  void close() {
    admin.close(ADMIN_CLOSE_TIMEOUT);
  }
}
