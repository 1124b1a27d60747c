package io.leadpipe.notifier;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.topology.NotifierStreamsConfig;
import io.leadpipe.notifier.webhook.WebhookDispatchers;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.leadpipe.streams.runtime.StreamsSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Micronaut shell: the follow-up topology runs as a {@link ManagedStreams} (a dead stream
 * thread is replaced, repeated failures within a window stop the application and exit the process,
 * readiness {@code streams-notifier} and liveness, Streams metrics tagged {@code
 * application=notifier}); the webhook dispatchers run next to it. Both start once the HTTP server
 * listens and stop with the context.
 */
@Context
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class NotifierRuntime {
  /** The Streams application's name: its health indicators and metric tag. */
  public static final String STREAMS = "notifier";

  private static final Logger LOG = LoggerFactory.getLogger(NotifierRuntime.class);

  private final ManagedStreams streams;
  private final WebhookDispatchers webhooks;

  public NotifierRuntime(@Named(STREAMS) ManagedStreams streams, WebhookDispatchers webhooks) {
    this.streams = streams;
    this.webhooks = webhooks;
    LOG.info("notifier configured with {} webhook endpoint(s)", webhooks.all().size());
  }

  /** The schema registry settings every notifier serde and client uses. */
  public static Map<String, Object> registry(String registryUrl) {
    return Map.of("schema.registry.url", registryUrl);
  }

  /**
   * The notifier's Streams settings: the shared defaults (exactly_once_v2, thread replacement,
   * three failures in five minutes stop it) with the notifier's own knobs and the group membership
   * of this deployment.
   */
  static StreamsSettings settings(NotifierProperties props) {
    Map<String, String> overrides = new HashMap<>(NotifierStreamsConfig.topologyOverrides());
    overrides.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        Long.toString(props.getSessionTimeout().toMillis()));
    // Always a static member: a clean stop hands the partitions over at once (Streams leaves the
    // group on close for static members only), and a stream thread replaced after a schema
    // registry outage takes its predecessor's place at once instead of waiting out its session.
    // The id is instance-id when set, else derived from the instance's address or host name
    // (StreamsSettings.instanceId), unique per instance either way.
    if (!props.getInstanceId().isBlank()) {
      overrides.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          props.getInstanceId());
    }
    return new StreamsSettings(
        props.getApplicationId(),
        props.getStateDir(),
        StreamsConfig.EXACTLY_ONCE_V2,
        props.getCommitInterval(),
        Duration.ofMillis(100),
        10L * 1024 * 1024,
        1,
        Duration.ofMillis(5),
        -1,
        3,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        true,
        StreamsSettings.DEFAULT_COMPRESSION,
        StreamsSettings.DEFAULT_STATE_COMPRESSION,
        overrides,
        props.getRegistryBackoff(),
        props.getRegistryBackoffMax());
  }

  /**
   * Starts once the server listens, like the other Streams services; its address becomes
   * application.server.
   */
  @EventListener
  void onStartup(ServerStartupEvent event) {
    streams.start(new HostInfo(event.getSource().getHost(), event.getSource().getPort()));
    webhooks.start();
  }

  /** CREATED until started. */
  public KafkaStreams.State state() {
    return streams.state().orElse(KafkaStreams.State.CREATED);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    webhooks.close();
    streams.close();
  }
}
