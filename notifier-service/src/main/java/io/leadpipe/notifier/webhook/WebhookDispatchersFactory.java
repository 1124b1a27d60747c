package io.leadpipe.notifier.webhook;

import io.leadpipe.notifier.NotifierRuntime;
import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.config.WebhookEndpointProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The notifier's webhook dispatchers as one bean, shared by the runtime (start, stop), the admin
 * API and health. Endpoint settings are checked (and URLs against private networks) on creation.
 */
@Factory
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class WebhookDispatchersFactory {

  /** How long an admin listing may read the dead-letter topic before answering what it has. */
  private static final Duration DEAD_LETTER_READ_TIMEOUT = Duration.ofSeconds(10);

  @Singleton
  WebhookDispatchers webhookDispatchers(
      NotifierProperties props,
      List<WebhookEndpointProperties> endpoints,
      MeterRegistry meters,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
      @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl) {
    WebhookMetrics metrics = new WebhookMetrics(meters);
    WebhookDispatchers dispatchers =
        new WebhookDispatchers(
            endpoints.stream().map(WebhookEndpointProperties::toEndpoint).toList(),
            bootstrap,
            props.getApplicationId(),
            NotifierRuntime.registry(registryUrl),
            WebhookDispatchers.defaultSender(),
            Clock.systemUTC(),
            metrics);
    dispatchers.all().forEach(d -> metrics.bind(d.status()));
    return dispatchers;
  }

  @Singleton
  WebhookDeadLetters webhookDeadLetters(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
      @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl) {
    return new WebhookDeadLetters(
        bootstrap,
        NotifierRuntime.registry(registryUrl),
        DEAD_LETTER_READ_TIMEOUT,
        Clock.systemUTC());
  }
}
