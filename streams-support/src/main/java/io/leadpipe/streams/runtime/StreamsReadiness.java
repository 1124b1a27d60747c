package io.leadpipe.streams.runtime;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ready only while the application is RUNNING: before it started, while it rebalances (stores move
 * between instances, queries would answer 503) and after it failed, a load balancer should send
 * traffic elsewhere. Not ready either while the application waits for the schema registry (it is
 * RUNNING but paused, see {@link ManagedStreams}) or a global store's thread waits for it ({@link
 * GlobalRegistryWait}). One indicator per Streams application, named {@code streams-<name>}.
 */
@EachBean(ManagedStreams.class)
@Readiness
public class StreamsReadiness extends AbstractHealthIndicator<Map<String, Object>> {

  private final ManagedStreams app;

  public StreamsReadiness(ManagedStreams app) {
    this.app = app;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = status();
    return StreamsDetails.of(app);
  }

  HealthStatus status() {
    return app.isRunning()
            && app.registryUnavailableSince().isEmpty()
            && GlobalRegistryWait.waitingThreads() == 0
        ? HealthStatus.UP
        : HealthStatus.DOWN;
  }

  @Override
  protected String getName() {
    return "streams-" + app.name();
  }

  /** What both indicators report: state, application id and recent thread failures. */
  static final class StreamsDetails {
    private StreamsDetails() {}

    static Map<String, Object> of(ManagedStreams app) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("state", app.state().map(KafkaStreams.State::name).orElse("NOT_STARTED"));
      details.put("applicationId", app.settings().applicationId());
      details.put("recentThreadFailures", app.recentThreadFailures());
      app.registryUnavailableSince()
          .ifPresent(since -> details.put("schemaRegistryUnavailableSince", since.toString()));
      return details;
    }
  }
}
