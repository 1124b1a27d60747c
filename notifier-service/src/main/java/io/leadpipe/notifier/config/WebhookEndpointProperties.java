package io.leadpipe.notifier.config;

import io.leadpipe.notifier.webhook.WebhookEndpoint;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;

/** {@code leadpipe.webhooks.<name>.*}: one receiver of follow-up triggers. */
@EachProperty("leadpipe.webhooks")
public class WebhookEndpointProperties {
  private final String name;
  private String url;
  private String secret;

  /**
   * 15 attempts with the default backoff retry for about 4 minutes on average, at most 8
   * (docs/guarantees.md).
   */
  private int maxAttempts = 15;

  private Duration initialBackoff = Duration.ofMillis(500);
  private Duration maxBackoff = Duration.ofSeconds(60);
  private int concurrency = 4;
  private Duration requestTimeout = Duration.ofSeconds(10);

  public WebhookEndpointProperties(@Parameter String name) {
    this.name = name;
  }

  public WebhookEndpoint toEndpoint() {
    return new WebhookEndpoint(
        name, url, secret, maxAttempts, initialBackoff, maxBackoff, concurrency, requestTimeout);
  }

  public String getName() {
    return name;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String v) {
    url = v;
  }

  public String getSecret() {
    return secret;
  }

  public void setSecret(String v) {
    secret = v;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int v) {
    maxAttempts = v;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(Duration v) {
    initialBackoff = v;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration v) {
    maxBackoff = v;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int v) {
    concurrency = v;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration v) {
    requestTimeout = v;
  }
}
