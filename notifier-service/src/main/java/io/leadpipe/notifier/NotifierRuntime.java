package io.leadpipe.notifier;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.config.WebhookEndpointProperties;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.topology.NotifierStreamsConfig;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.notifier.webhook.WebhookDispatchers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The thin Micronaut shell: builds the plain topology and dispatchers from configuration, starts and stops them. */
@Context
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class NotifierRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierRuntime.class);

  private final KafkaStreams streams;
  private final WebhookDispatchers webhooks;
  private final KafkaStreamsMetrics streamsMetrics;

  public NotifierRuntime(NotifierProperties props, PolicyConfig policyConfig,
                         List<WebhookEndpointProperties> endpoints, MeterRegistry meters,
                         @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
                         @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl) {
    Map<String, Object> registry = Map.of("schema.registry.url", registryUrl);
    FollowupPolicy policy = new FollowupPolicy(policyConfig, Clock.systemUTC());
    NotifierTopology topology = new NotifierTopology(policy, ValueSerdes.registry(registry),
        new DecisionMetrics(meters), props.getTick());
    this.streams = new KafkaStreams(topology.build(), streamsConfig(props, bootstrap, registry));
    // Streams' own metrics (process rate, commit latency, lag, state stores) next to the decision metrics.
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(meters);
    this.webhooks = new WebhookDispatchers(endpoints.stream().map(WebhookEndpointProperties::toEndpoint).toList(),
        bootstrap, props.getApplicationId(), registry, WebhookDispatchers.defaultSender(), Clock.systemUTC(),
        (endpoint, outcome) -> meters.counter("leadpipe.webhook.deliveries", "endpoint", endpoint,
            "delivered", Boolean.toString(outcome.delivered())).increment());
    LOG.info("notifier configured with {} webhook endpoint(s)", endpoints.size());
  }

  /** The topology's Streams settings plus the group membership knobs of this deployment. */
  static Properties streamsConfig(NotifierProperties props, String bootstrap, Map<String, Object> registry) {
    Properties p = NotifierStreamsConfig.of(bootstrap, props.getApplicationId(), props.getStateDir(),
        props.getCommitInterval(), registry);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) props.getSessionTimeout().toMillis());
    if (!props.getInstanceId().isBlank()) {
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), props.getInstanceId());
    }
    return p;
  }

  @PostConstruct
  void start() {
    streams.start();
    webhooks.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    webhooks.close();
    // Leaving on a clean stop hands the partitions over at once (Streams honours it for static members only).
    streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
    streamsMetrics.close();
  }
}
