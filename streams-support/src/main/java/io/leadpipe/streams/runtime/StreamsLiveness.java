package io.leadpipe.streams.runtime;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Liveness;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Alive unless the application has stopped for good (ERROR): a restart is then the only way back.
 */
@EachBean(ManagedStreams.class)
@Liveness
public class StreamsLiveness extends AbstractHealthIndicator<Map<String, Object>> {

  private final ManagedStreams app;

  public StreamsLiveness(ManagedStreams app) {
    this.app = app;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus =
        app.state().map(s -> s == KafkaStreams.State.ERROR).orElse(false)
            ? HealthStatus.DOWN
            : HealthStatus.UP;
    return StreamsReadiness.StreamsDetails.of(app);
  }

  @Override
  protected String getName() {
    return "streams-" + app.name() + "-liveness";
  }
}
