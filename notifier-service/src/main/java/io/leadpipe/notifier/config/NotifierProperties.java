package io.leadpipe.notifier.config;

import io.leadpipe.notifier.sequence.DeliveryCredit;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.streams.runtime.StreamsSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code leadpipe.notifier.*}: the Streams application's settings. The plays, sequences and
 * guardrails under the same prefix are bound straight onto the policy's {@code PolicyConfig} by
 * {@link PolicyConfigs}.
 */
@ConfigurationProperties("leadpipe.notifier")
public class NotifierProperties {
  /** The full name of the profile retention setting, as errors name it. */
  public static final String PROFILE_RETENTION = "leadpipe.notifier.profile-retention";

  /** The full name of the delivery wait setting, as errors name it. */
  public static final String DELIVERY_WAIT = "leadpipe.notifier.delivery-wait";

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
   * The instance's static membership id (group.instance.id), unique per instance and stable across
   * its restarts (e.g. the pod name); empty = derived from its address, or its host name while the
   * address is the loopback default. A static member restarted within the session timeout gets its
   * partitions back without a rebalance, and a clean stop hands them over at once.
   */
  private String instanceId = "";

  /** First probe of a schema registry found unavailable; the wait doubles up to the max. */
  private Duration registryBackoff = StreamsSettings.DEFAULT_REGISTRY_BACKOFF;

  private Duration registryBackoffMax = StreamsSettings.DEFAULT_REGISTRY_BACKOFF_MAX;

  /**
   * How long after an anonymous visitor's last activity the notifier forgets its copy of their
   * profile (unless a sequence still runs for them): the scoring side's retention of anonymous
   * visitors, so a copy whose tombstone never comes does not stay forever.
   */
  private Duration profileRetention = NotifierTopology.DEFAULT_PROFILE_RETENTION;

  /**
   * How long a purchase waits for the delivery outcome of a follow-up sent before it, before an
   * outcome still unknown counts as not delivered (docs/followups.md, "Delivered, not just sent").
   */
  private Duration deliveryWait = DeliveryCredit.DEFAULT_WAIT;

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

  public Duration getRegistryBackoff() {
    return registryBackoff;
  }

  public void setRegistryBackoff(Duration v) {
    registryBackoff = v;
  }

  public Duration getRegistryBackoffMax() {
    return registryBackoffMax;
  }

  public void setRegistryBackoffMax(Duration v) {
    registryBackoffMax = v;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String v) {
    instanceId = v == null ? "" : v;
  }

  public Duration getProfileRetention() {
    return profileRetention;
  }

  /** Checked here so a zero or negative retention fails start-up, naming the setting. */
  public void setProfileRetention(Duration v) {
    if (v == null || v.isZero() || v.isNegative()) {
      throw new ConfigBindingException(
          PROFILE_RETENTION, "expected a positive duration such as 180d, got '" + v + "'");
    }
    profileRetention = v;
  }

  public Duration getDeliveryWait() {
    return deliveryWait;
  }

  /** Checked here so a zero or negative wait fails start-up, naming the setting. */
  public void setDeliveryWait(Duration v) {
    if (v == null || v.isZero() || v.isNegative()) {
      throw new ConfigBindingException(
          DELIVERY_WAIT, "expected a positive duration such as 4d, got '" + v + "'");
    }
    deliveryWait = v;
  }
}
