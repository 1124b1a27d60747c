package io.leadpipe.notifier;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/** Ready while the follow-up topology is RUNNING or REBALANCING; down once it has failed or stopped. */
@Singleton
@Readiness
@Requires(beans = NotifierRuntime.class)
public class NotifierHealth extends AbstractHealthIndicator<String> {
  private final NotifierRuntime runtime;

  public NotifierHealth(NotifierRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  protected String getHealthInformation() {
    KafkaStreams.State s = runtime.state();
    healthStatus = s.isRunningOrRebalancing() || s == KafkaStreams.State.CREATED ? HealthStatus.UP : HealthStatus.DOWN;
    return s.name();
  }

  @Override
  protected String getName() {
    return "followup-streams";
  }
}
