package io.leadpipe.notifier.webhook;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} detail {@code webhooks}: each endpoint, enabled or disabled (since when, why),
 * with its pending and in-flight triggers. A disabled endpoint is a receiver's decision, not a
 * fault of this service, so the status stays UP; the detail and the {@code
 * leadpipe.webhook.endpoint.disabled} gauge are what to alert on.
 */
@Singleton
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class WebhooksHealth extends AbstractHealthIndicator<Map<String, Object>> {
  private final WebhookDispatchers dispatchers;

  public WebhooksHealth(WebhookDispatchers dispatchers) {
    this.dispatchers = dispatchers;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = HealthStatus.UP;
    Map<String, Object> endpoints = new LinkedHashMap<>();
    for (EndpointDispatcher d : dispatchers.all()) {
      endpoints.put(d.endpoint().name(), view(d.status()));
    }
    return endpoints;
  }

  /** What the admin view and health show for one endpoint. */
  public static Map<String, Object> view(EndpointStatus s) {
    Map<String, Object> v = new LinkedHashMap<>();
    EndpointStatus.Disabled d = s.disabled();
    v.put("enabled", d == null);
    if (d != null) {
      v.put("disabledSince", d.since().toString());
      v.put("disabledReason", d.reason());
    }
    v.put("pending", s.pending());
    v.put("inFlight", s.inFlight());
    v.put("delivered", s.delivered());
    v.put("retried", s.retried());
    v.put("deadLettered", s.deadLettered());
    return v;
  }

  @Override
  protected String getName() {
    return "webhooks";
  }
}
