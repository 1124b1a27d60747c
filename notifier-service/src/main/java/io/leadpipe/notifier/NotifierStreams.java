package io.leadpipe.notifier;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.streams.runtime.FatalErrorAction;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * The notifier's one Streams application as a bean, so the shared readiness and liveness indicators
 * ({@code streams-notifier}, {@code streams-notifier-liveness}) see it; {@link NotifierRuntime}
 * starts and closes it.
 */
@Factory
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class NotifierStreams {

  @Singleton
  @Named(NotifierRuntime.STREAMS)
  public ManagedStreams notifierStreams(
      NotifierProperties props,
      PolicyConfig policyConfig,
      MeterRegistry meters,
      FatalErrorAction fatalErrorAction,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
      @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl) {
    Map<String, Object> registry = NotifierRuntime.registry(registryUrl);
    FollowupPolicy policy = new FollowupPolicy(policyConfig, Clock.systemUTC());
    return new ManagedStreams(
        NotifierRuntime.STREAMS,
        () ->
            new NotifierTopology(
                    policy,
                    ValueSerdes.registry(registry),
                    new DecisionMetrics(meters),
                    props.getTick(),
                    props.getProfileRetention())
                .build(),
        NotifierRuntime.settings(props),
        bootstrap,
        registry,
        meters,
        fatalErrorAction,
        Clock.systemUTC());
  }
}
