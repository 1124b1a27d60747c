package io.leadpipe.notifier.config;

import io.leadpipe.notifier.webhook.RetrySchedule;
import io.leadpipe.notifier.webhook.WebhookEndpoint;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.webhook.WebhookSecret;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code leadpipe.webhooks.<name>.*}: one receiver of follow-up triggers. {@link #toEndpoint()}
 * checks every value and fails start-up naming the setting.
 */
@EachProperty("leadpipe.webhooks")
public class WebhookEndpointProperties {
  private final String name;
  private String url;
  private String secret;

  /** Secrets still signed with during a key rotation, after the current one. */
  private List<String> previousSecrets = List.of();

  private List<Duration> retrySchedule = RetrySchedule.STANDARD_WEBHOOKS.waits();

  /** The longest Retry-After honoured: the schedule's longest step. */
  private Duration maxRetryAfter = Duration.ofHours(10);

  private Duration requestTimeout = Duration.ofSeconds(15);
  private int concurrency = 4;
  private int maxPending = 1000;
  private boolean allowPrivateNetwork = false;

  public WebhookEndpointProperties(@Parameter String name) {
    this.name = name;
  }

  private String setting(String key) {
    return "leadpipe.webhooks." + name + "." + key;
  }

  public WebhookEndpoint toEndpoint() {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw new ConfigBindingException(setting("url"), "not a URL: " + e.getMessage());
    }
    if (!uri.isAbsolute()) {
      throw new ConfigBindingException(setting("url"), "an absolute http(s) URL is required");
    }
    List<WebhookSecret> secrets = new ArrayList<>();
    secrets.add(secret(setting("secret"), secret));
    for (int i = 0; i < previousSecrets.size(); i++) {
      secrets.add(secret(setting("previous-secrets[" + i + "]"), previousSecrets.get(i)));
    }
    RetrySchedule schedule;
    try {
      schedule = new RetrySchedule(retrySchedule);
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(setting("retry-schedule"), e.getMessage());
    }
    positive("request-timeout", requestTimeout);
    positive("max-retry-after", maxRetryAfter);
    if (concurrency < 1) {
      throw new ConfigBindingException(setting("concurrency"), "at least 1, got " + concurrency);
    }
    if (maxPending < 1) {
      throw new ConfigBindingException(setting("max-pending"), "at least 1, got " + maxPending);
    }
    return new WebhookEndpoint(
        name,
        uri,
        secrets,
        schedule,
        maxRetryAfter,
        requestTimeout,
        concurrency,
        maxPending,
        allowPrivateNetwork);
  }

  private static WebhookSecret secret(String setting, String value) {
    try {
      return WebhookSecret.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(setting, e.getMessage());
    }
  }

  private void positive(String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ConfigBindingException(setting(key), "a positive duration, got " + d);
    }
  }

  public String getName() {
    return name;
  }

  /**
   * Settings of the former exponential backoff: refused rather than ignored, so an upgrade does not
   * silently change how long a receiver is retried.
   */
  private void removed(String key) {
    throw new ConfigBindingException(
        setting(key),
        "no longer supported: retries follow retry-schedule, a list of waits such as"
            + " 5s,5m,30m,2h,5h,10h (docs/followups.md#webhooks)");
  }

  public void setMaxAttempts(String v) {
    removed("max-attempts");
  }

  public void setInitialBackoff(String v) {
    removed("initial-backoff");
  }

  public void setMaxBackoff(String v) {
    removed("max-backoff");
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

  public List<String> getPreviousSecrets() {
    return previousSecrets;
  }

  public void setPreviousSecrets(List<String> v) {
    previousSecrets = v == null ? List.of() : List.copyOf(v);
  }

  public List<Duration> getRetrySchedule() {
    return retrySchedule;
  }

  public void setRetrySchedule(List<Duration> v) {
    retrySchedule = v == null ? List.of() : List.copyOf(v);
  }

  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  public void setMaxRetryAfter(Duration v) {
    maxRetryAfter = v;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration v) {
    requestTimeout = v;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int v) {
    concurrency = v;
  }

  public int getMaxPending() {
    return maxPending;
  }

  public void setMaxPending(int v) {
    maxPending = v;
  }

  public boolean isAllowPrivateNetwork() {
    return allowPrivateNetwork;
  }

  public void setAllowPrivateNetwork(boolean v) {
    allowPrivateNetwork = v;
  }
}
