package io.leadpipe.notifier.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Webhook meters: {@code leadpipe.webhook.attempts{endpoint,fate}} per attempt, {@code
 * leadpipe.webhook.deliveries{endpoint,delivered}} per final outcome, and per endpoint the gauges
 * {@code leadpipe.webhook.endpoint.disabled} (1 while disabled), {@code leadpipe.webhook.pending}
 * and {@code leadpipe.webhook.in-flight}.
 */
public final class WebhookMetrics implements EndpointDispatcher.DeliveryListener {
  private final MeterRegistry meters;

  public WebhookMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void onOutcome(String endpoint, EndpointDispatcher.Outcome outcome) {
    meters
        .counter(
            "leadpipe.webhook.attempts",
            "endpoint",
            endpoint,
            "fate",
            outcome.fate().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .increment();
    if (outcome.fate() == EndpointDispatcher.Fate.DELIVERED
        || outcome.fate() == EndpointDispatcher.Fate.DEAD_LETTERED) {
      meters
          .counter(
              "leadpipe.webhook.deliveries",
              "endpoint",
              endpoint,
              "delivered",
              Boolean.toString(outcome.delivered()))
          .increment();
    }
  }

  public void bind(EndpointStatus status) {
    Gauge.builder("leadpipe.webhook.endpoint.disabled", status, s -> s.disabled() == null ? 0 : 1)
        .tag("endpoint", status.endpoint())
        .description("1 while the endpoint is disabled (it answered 410 Gone)")
        .register(meters);
    Gauge.builder("leadpipe.webhook.pending", status, EndpointStatus::pending)
        .tag("endpoint", status.endpoint())
        .description("Triggers taken and not yet delivered or dead-lettered")
        .register(meters);
    Gauge.builder("leadpipe.webhook.in-flight", status, EndpointStatus::inFlight)
        .tag("endpoint", status.endpoint())
        .description("Requests under way")
        .register(meters);
  }
}
