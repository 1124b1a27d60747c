package io.leadpipe.dashboard;

import io.leadpipe.dashboard.access.DashboardAccess;
import io.leadpipe.dashboard.admin.AdminApis;
import io.leadpipe.dashboard.config.DashboardProperties;
import io.leadpipe.dashboard.feed.DashboardFeed;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.query.QuerySampler;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.dashboard.traffic.OffsetSampler;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Kafka side in the including service: starts the feed (a consumer without a group)
 * and, every sample interval, reads end offsets and lag with the Admin client and samples the query
 * API. Stops them on shutdown.
 */
@Context
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardRuntime.class);
  private static final String CLIENT_ID = "leadpipe-dashboard";

  private final DashboardProperties props;
  private final DashboardStats stats;
  private final QueryApiClient queryApi;
  private final AdminApis adminApis;
  private final Clock clock = Clock.systemUTC();
  private final Admin admin;
  private final DashboardFeed feed;
  private final OffsetSampler offsets;
  private final QuerySampler query;
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dashboard-sampler"));

  public DashboardRuntime(
      DashboardProperties props,
      DashboardStats stats,
      QueryApiClient queryApi,
      AdminApis adminApis,
      DashboardAccess access,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
      @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl) {
    this.props = props;
    this.stats = stats;
    this.queryApi = queryApi;
    this.adminApis = adminApis;
    int timeoutMs = (int) props.getAdminTimeout().toMillis();
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs));
    this.offsets = new OffsetSampler(admin, props.getAdminTimeout());
    this.query = new QuerySampler(queryApi, stats);
    this.feed =
        new DashboardFeed(
            new KafkaConsumer<>(
                consumerConfig(bootstrap), new StringDeserializer(), new ByteArrayDeserializer()),
            Map.of("schema.registry.url", registryUrl),
            stats,
            clock,
            new DashboardFeed.Settings(
                props.getLookback(),
                props.getSampleInterval(),
                props.getRetryBackoff(),
                props.getSampleInterval(),
                props.getAdminTimeout(),
                props.getAdminTimeout()));
    if (access.localMode()) {
      LOG.warn(
          "dashboard in local mode: no leadpipe.dashboard.token is set, so it answers only on this machine");
    }
  }

  /**
   * No group, no commits, only committed transactions, and never creating a topic by reading it.
   */
  private static Map<String, Object> consumerConfig(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG,
        CLIENT_ID + "-feed",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest");
  }

  @PostConstruct
  void start() {
    feed.start();
    long every = props.getSampleInterval().toMillis();
    sampler.scheduleWithFixedDelay(this::sample, 0, every, TimeUnit.MILLISECONDS);
  }

  /**
   * The query API and the segments' admin API are this service's own unless configured otherwise;
   * its port is known once the server runs.
   */
  @EventListener
  void onServerStarted(ServerStartupEvent event) {
    String self = "http://127.0.0.1:" + event.getSource().getPort();
    if (!queryApi.configured()) {
      queryApi.useBaseUrl(self);
    }
    if (!adminApis.scoring().configured()) {
      adminApis.scoring().useBaseUrl(self);
    }
  }

  /**
   * Runs on a fixed delay: an exception escaping it would silently end all later samples, so each
   * part is guarded.
   */
  private void sample() {
    try {
      OffsetSampler.Reading reading = offsets.read();
      stats.onOffsets(clock.instant(), reading.endOffsetsPerTopic(), reading.lag());
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.warn("dashboard could not read offsets and lag this time: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      query.sample(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("dashboard could not sample the query API this time", e);
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    sampler.shutdownNow();
    feed.close();
    admin.close(props.getAdminTimeout());
  }
}
