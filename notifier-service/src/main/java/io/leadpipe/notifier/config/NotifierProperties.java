package io.leadpipe.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code leadpipe.notifier.*}: the Streams application's settings. The plays, sequences and
 * guardrails under the same prefix are bound straight onto the policy's {@code PolicyConfig} by
 * {@link PolicyConfigs}.
 */
@ConfigurationProperties("leadpipe.notifier")
public class NotifierProperties {
  private String applicationId = "leadpipe-notifier";
  private String stateDir = System.getProperty("java.io.tmpdir") + "/leadpipe-notifier";
  private Duration tick = Duration.ofSeconds(1);
  private Duration commitInterval = Duration.ofMillis(100);

  /**
   * How long the group waits for a silent instance (crashed, paused) before moving its partitions:
   * Kafka's default. Lower it (down to the broker's group.min.session.timeout.ms, 6 s by default)
   * for a faster fail-over after a kill -9, at the price of rebalances on long GC pauses.
   */
  private Duration sessionTimeout = Duration.ofSeconds(45);

  /**
   * Static membership (group.instance.id), unique per instance and stable across its restarts (e.g.
   * the pod name); empty = dynamic membership. A static member restarted within the session timeout
   * gets its partitions back without a rebalance, and a clean stop hands them over at once.
   */
  private String instanceId = "";

  public String getApplicationId() {
    return applicationId;
  }

  public void setApplicationId(String v) {
    applicationId = v;
  }

  public String getStateDir() {
    return stateDir;
  }

  public void setStateDir(String v) {
    stateDir = v;
  }

  public Duration getTick() {
    return tick;
  }

  public void setTick(Duration v) {
    tick = v;
  }

  public Duration getCommitInterval() {
    return commitInterval;
  }

  public void setCommitInterval(Duration v) {
    commitInterval = v;
  }

  public Duration getSessionTimeout() {
    return sessionTimeout;
  }

  public void setSessionTimeout(Duration v) {
    sessionTimeout = v;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String v) {
    instanceId = v == null ? "" : v;
  }
}
