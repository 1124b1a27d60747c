package io.leadpipe.streams.runtime;

import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configurable runtime knobs of one Streams application (see {@link StreamsSettings} for what
 * each means). Each application binds its own subclass under its own prefix, e.g. {@code
 * leadpipe.scoring.streams}.
 */
public abstract class StreamsProperties {

  /**
   * Data survives restarts in the working directory, like the dev broker's ({@code .local-data/}).
   */
  public static final String DEFAULT_STATE_DIR = ".local-data/streams";

  private static final long DEFAULT_CACHE_BYTES = 10L * 1024 * 1024;

  private String applicationId;
  private String stateDir = DEFAULT_STATE_DIR;
  private String processingGuarantee = StreamsConfig.EXACTLY_ONCE_V2;
  private Duration commitInterval = Duration.ofMillis(100);
  private Duration poll = Duration.ofMillis(100);
  private long cacheMaxBytes = DEFAULT_CACHE_BYTES;
  private int threads = 1;
  private Duration producerLinger = Duration.ofMillis(5);
  private int replicationFactor = -1;
  private int shutdownAfterFailures = 3;
  private Duration failureWindow = Duration.ofMinutes(5);
  private Duration closeTimeout = Duration.ofSeconds(15);
  private boolean leaveGroupOnClose = true;
  private String compression = StreamsSettings.DEFAULT_COMPRESSION;
  private String stateCompression = StreamsSettings.DEFAULT_STATE_COMPRESSION;
  private Map<String, String> properties = new LinkedHashMap<>();
  private Duration registryBackoff = StreamsSettings.DEFAULT_REGISTRY_BACKOFF;
  private Duration registryBackoffMax = StreamsSettings.DEFAULT_REGISTRY_BACKOFF_MAX;

  protected StreamsProperties(String defaultApplicationId) {
    this.applicationId = defaultApplicationId;
  }

  public StreamsSettings toSettings() {
    return new StreamsSettings(
        applicationId,
        stateDir,
        processingGuarantee,
        commitInterval,
        poll,
        cacheMaxBytes,
        threads,
        producerLinger,
        replicationFactor,
        shutdownAfterFailures,
        failureWindow,
        closeTimeout,
        leaveGroupOnClose,
        compression,
        stateCompression,
        properties,
        registryBackoff,
        registryBackoffMax);
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

  public String getProcessingGuarantee() {
    return processingGuarantee;
  }

  public void setProcessingGuarantee(String v) {
    processingGuarantee = v;
  }

  public Duration getCommitInterval() {
    return commitInterval;
  }

  public void setCommitInterval(Duration v) {
    commitInterval = v;
  }

  public Duration getPoll() {
    return poll;
  }

  public void setPoll(Duration v) {
    poll = v;
  }

  public long getCacheMaxBytes() {
    return cacheMaxBytes;
  }

  public void setCacheMaxBytes(long v) {
    cacheMaxBytes = v;
  }

  public int getThreads() {
    return threads;
  }

  public void setThreads(int v) {
    threads = v;
  }

  public Duration getProducerLinger() {
    return producerLinger;
  }

  public void setProducerLinger(Duration v) {
    producerLinger = v;
  }

  public int getReplicationFactor() {
    return replicationFactor;
  }

  public void setReplicationFactor(int v) {
    replicationFactor = v;
  }

  public int getShutdownAfterFailures() {
    return shutdownAfterFailures;
  }

  public void setShutdownAfterFailures(int v) {
    shutdownAfterFailures = v;
  }

  public Duration getFailureWindow() {
    return failureWindow;
  }

  public void setFailureWindow(Duration v) {
    failureWindow = v;
  }

  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  public boolean isLeaveGroupOnClose() {
    return leaveGroupOnClose;
  }

  public void setLeaveGroupOnClose(boolean v) {
    leaveGroupOnClose = v;
  }

  public void setCloseTimeout(Duration v) {
    closeTimeout = v;
  }

  public String getCompression() {
    return compression;
  }

  public void setCompression(String v) {
    compression = v;
  }

  public String getStateCompression() {
    return stateCompression;
  }

  public void setStateCompression(String v) {
    stateCompression = v;
  }

  /**
   * Raw Streams/consumer/producer properties ({@code consumer.max.poll.records: 1000}), applied
   * last.
   */
  public Map<String, String> getProperties() {
    return properties;
  }

  public void setProperties(
      @MapFormat(
              transformation = MapFormat.MapTransformation.FLAT,
              keyFormat = StringConvention.RAW)
          Map<String, String> v) {
    properties = v;
  }
}
