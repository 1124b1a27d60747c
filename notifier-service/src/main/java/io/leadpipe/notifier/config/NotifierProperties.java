package io.leadpipe.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code leadpipe.notifier.*}: the streams app, plays, sequences and guardrails. Mapped by {@link PolicyConfigs} into
 * the plain {@code PolicyConfig} the policy uses.
 */
@ConfigurationProperties("leadpipe.notifier")
public class NotifierProperties {
  private String applicationId = "leadpipe-notifier";
  private String stateDir = System.getProperty("java.io.tmpdir") + "/leadpipe-notifier";
  private Duration tick = Duration.ofSeconds(1);
  private Duration commitInterval = Duration.ofMillis(100);
  /**
   * How long the group waits for a silent instance (crashed, paused) before moving its partitions: Kafka's default.
   * Lower it (down to the broker's group.min.session.timeout.ms, 6 s by default) for a faster fail-over after a
   * kill -9, at the price of rebalances on long GC pauses.
   */
  private Duration sessionTimeout = Duration.ofSeconds(45);
  /**
   * Static membership (group.instance.id), unique per instance and stable across its restarts (e.g. the pod name);
   * empty = dynamic membership. A static member restarted within the session timeout gets its partitions back
   * without a rebalance, and a clean stop hands them over at once.
   */
  private String instanceId = "";
  private List<String> channels = List.of("email", "sms", "push");
  private int frequencyCap = 3;
  private Duration frequencyWindow = Duration.ofDays(7);
  private Duration cooldown = Duration.ofHours(16);
  private String quietStart = "21:00";
  private String quietEnd = "08:00";
  private String defaultTimezone = "UTC";
  private double minEngagementScore = 0.0;
  private List<String> requiredSegments = List.of();
  private List<String> excludedSegments = List.of();
  private Duration attributionWindow = Duration.ofDays(7);
  private Duration offerValidity = Duration.ofHours(48);
  /** kind → "REMINDER@1h,REASON_PLAY@24h,SURVEY@72h"; kinds not listed keep the defaults. */
  private Map<String, String> sequences = new LinkedHashMap<>();
  /** reason → play, e.g. PRICE: PRICE_MATCH; reasons not listed keep the defaults. */
  private Map<String, String> plays = new LinkedHashMap<>();
  /** reason → play parameters, e.g. PRICE: {discount-percent: "15", offer-code: "COMEBACK15"}. */
  private Map<String, Map<String, String>> playAttributes = new LinkedHashMap<>();

  public String getApplicationId() { return applicationId; }
  public void setApplicationId(String v) { applicationId = v; }
  public String getStateDir() { return stateDir; }
  public void setStateDir(String v) { stateDir = v; }
  public Duration getTick() { return tick; }
  public void setTick(Duration v) { tick = v; }
  public Duration getCommitInterval() { return commitInterval; }
  public void setCommitInterval(Duration v) { commitInterval = v; }
  public Duration getSessionTimeout() { return sessionTimeout; }
  public void setSessionTimeout(Duration v) { sessionTimeout = v; }
  public String getInstanceId() { return instanceId; }
  public void setInstanceId(String v) { instanceId = v == null ? "" : v; }
  public List<String> getChannels() { return channels; }
  public void setChannels(List<String> v) { channels = v; }
  public int getFrequencyCap() { return frequencyCap; }
  public void setFrequencyCap(int v) { frequencyCap = v; }
  public Duration getFrequencyWindow() { return frequencyWindow; }
  public void setFrequencyWindow(Duration v) { frequencyWindow = v; }
  public Duration getCooldown() { return cooldown; }
  public void setCooldown(Duration v) { cooldown = v; }
  public String getQuietStart() { return quietStart; }
  public void setQuietStart(String v) { quietStart = v; }
  public String getQuietEnd() { return quietEnd; }
  public void setQuietEnd(String v) { quietEnd = v; }
  public String getDefaultTimezone() { return defaultTimezone; }
  public void setDefaultTimezone(String v) { defaultTimezone = v; }
  public double getMinEngagementScore() { return minEngagementScore; }
  public void setMinEngagementScore(double v) { minEngagementScore = v; }
  public List<String> getRequiredSegments() { return requiredSegments; }
  public void setRequiredSegments(List<String> v) { requiredSegments = v; }
  public List<String> getExcludedSegments() { return excludedSegments; }
  public void setExcludedSegments(List<String> v) { excludedSegments = v; }
  public Duration getAttributionWindow() { return attributionWindow; }
  public void setAttributionWindow(Duration v) { attributionWindow = v; }
  public Duration getOfferValidity() { return offerValidity; }
  public void setOfferValidity(Duration v) { offerValidity = v; }
  public Map<String, String> getSequences() { return sequences; }
  public void setSequences(Map<String, String> v) { sequences = v; }
  public Map<String, String> getPlays() { return plays; }
  public void setPlays(Map<String, String> v) { plays = v; }
  public Map<String, Map<String, String>> getPlayAttributes() { return playAttributes; }
  public void setPlayAttributes(Map<String, Map<String, String>> v) { playAttributes = v; }
}
