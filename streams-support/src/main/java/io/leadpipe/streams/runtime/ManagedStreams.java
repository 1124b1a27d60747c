package io.leadpipe.streams.runtime;

import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application of the service, from start to close: its topology, configuration,
 * thread failure policy (replace the thread; shut the application down after too many failures in a
 * short time), state, and metrics tagged with its name. The service runs one of these per
 * application id.
 *
 * <p>A thread that failed because the schema registry could not answer ({@link
 * SchemaRegistryUnavailableException} anywhere in the cause: a source's deserializer, a decoding
 * step, a store's serde, a sink's serializer) is replaced without counting towards the failure
 * limit, and the application is paused until the registry answers again ({@link RegistryOutage});
 * readiness is DOWN meanwhile. Its record was neither dead-lettered nor committed, so it is
 * processed once the registry is back.
 */
public final class ManagedStreams implements AutoCloseable {

  public static final String METRIC_TAG = "application";
  private static final Logger LOG = LoggerFactory.getLogger(ManagedStreams.class);

  private final String name;
  private final Supplier<Topology> topology;
  private final StreamsSettings settings;
  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;
  private final MeterRegistry meters;
  private final FatalErrorAction fatalErrorAction;
  private final FailureWindow failures;
  private final Counter threadFailures;
  private final Counter registryOutages;
  private final RegistryOutage registryOutage;
  private volatile KafkaStreams streams;
  private volatile HostInfo self;
  private volatile ReplacedThreadMembers replacedThreads;
  private volatile String lastFailure;
  private StreamsMeters streamsMetrics;

  public ManagedStreams(
      String name,
      Supplier<Topology> topology,
      StreamsSettings settings,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      MeterRegistry meters,
      FatalErrorAction fatalErrorAction,
      Clock clock) {
    this.name = name;
    this.topology = topology;
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
    this.meters = meters;
    this.fatalErrorAction = fatalErrorAction;
    this.failures =
        new FailureWindow(settings.shutdownAfterFailures(), settings.failureWindow(), clock);
    this.threadFailures =
        Counter.builder("leadpipe.streams.thread.failures")
            .description("Stream threads that died with an uncaught exception")
            .tag(METRIC_TAG, name)
            .register(meters);
    this.registryOutages =
        Counter.builder("leadpipe.streams.registry.outages")
            .description(
                "Stream threads stopped because the schema registry could not answer (not counted"
                    + " as failures; the application waits for the registry)")
            .tag(METRIC_TAG, name)
            .register(meters);
    this.registryOutage =
        new RegistryOutage(
            name,
            registryProbe(registryConfig),
            settings.registryBackoff(),
            settings.registryBackoffMax(),
            clock);
    Gauge.builder(
            "leadpipe.streams.registry.waiting",
            this,
            m -> m.registryUnavailableSince().isPresent() ? 1 : 0)
        .description("1 while the application is paused waiting for the schema registry")
        .tag(METRIC_TAG, name)
        .register(meters);
    Gauge.builder("leadpipe.streams.running", this, m -> m.isRunning() ? 1 : 0)
        .description("1 while the Streams application is RUNNING (not rebalancing, not failed)")
        .tag(METRIC_TAG, name)
        .register(meters);
  }

  /**
   * Asks the registry for its global compatibility level, a tiny answer. Any answer of its own
   * counts, a refusal too (a registry whose access rules do not allow reading the configuration is
   * up all the same); only no answer or a 5xx means it is still down. The client is made at the
   * first probe: an application without a registry never probes.
   */
  private static Runnable registryProbe(Map<String, ?> registryConfig) {
    AtomicReference<SchemaRegistryClient> client = new AtomicReference<>();
    return () -> {
      try {
        client
            .updateAndGet(c -> c != null ? c : SchemaRegistryClients.fromConfig(registryConfig))
            .getCompatibility(null);
      } catch (SchemaRegistryException e) {
        if (!e.registryAnswered()) {
          throw e;
        }
      }
    };
  }

  /**
   * Builds and starts the application; {@code self} is where other instances reach this one's
   * stores.
   */
  public synchronized void start(HostInfo self) {
    if (streams != null) {
      throw new IllegalStateException(name + " is already started");
    }
    Properties properties = settings.toProperties(bootstrapServers, registryConfig, self);
    KafkaStreams created = new KafkaStreams(topology.get(), properties);
    replacedThreads =
        new ReplacedThreadMembers(
            name,
            settings.applicationId(),
            properties.getProperty(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)),
            new StreamsConfig(properties).getAdminConfigs(name + "-member-removal"),
            settings.closeTimeout());
    created.setStateListener(this::onStateChange);
    created.setUncaughtExceptionHandler(this::onThreadFailure);
    streamsMetrics = new StreamsMeters(created::metrics, Tags.of(METRIC_TAG, name));
    streamsMetrics.bindTo(meters);
    this.self = self;
    this.streams = created;
    LOG.info(
        "Starting {} (application.id {}, {}, application.server {}:{})",
        name,
        settings.applicationId(),
        settings.processingGuarantee(),
        self.host(),
        self.port());
    created.start();
  }

  /**
   * A dead thread is replaced; the {@code n}-th death within the window shuts the application down.
   */
  StreamThreadExceptionResponse onThreadFailure(Throwable e) {
    Optional<SchemaRegistryUnavailableException> unavailable =
        SchemaRegistryUnavailableException.in(e);
    if (unavailable.isPresent()) {
      registryOutages.increment();
      LOG.warn(
          "Stream thread of {} stopped: {}; replacing it and waiting for the registry",
          name,
          unavailable.get().getMessage());
      KafkaStreams running = streams;
      registryOutage.began(
          new RegistryOutage.Processing() {
            @Override
            public void pause() {
              running.pause();
            }

            @Override
            public void resume() {
              running.resume();
            }
          });
      replacedThreads.removeOnceStopped(Thread.currentThread());
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    threadFailures.increment();
    lastFailure = rootCause(e).getClass().getName();
    if (failures.recordAndCheckExhausted()) {
      LOG.error(
          "Stream thread of {} failed; {} failures within {}: shutting the application down",
          name,
          settings.shutdownAfterFailures(),
          settings.failureWindow(),
          e);
      return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
    }
    LOG.error("Stream thread of {} failed; replacing it", name, e);
    replacedThreads.removeOnceStopped(Thread.currentThread());
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Streams wraps what the topology threw (StreamsException): the operator needs the original. */
  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
    LOG.info("{}: {} -> {}", name, before, now);
    if (now == KafkaStreams.State.ERROR) {
      fatalErrorAction.onFatalError(
          name, lastFailure == null ? "streams in ERROR" : "thread failures: " + lastFailure);
    }
  }

  public String name() {
    return name;
  }

  public StreamsSettings settings() {
    return settings;
  }

  /** Empty until started. */
  public Optional<KafkaStreams> streams() {
    return Optional.ofNullable(streams);
  }

  /** Empty until started. */
  public Optional<KafkaStreams.State> state() {
    return streams().map(KafkaStreams::state);
  }

  public boolean isRunning() {
    return state().map(s -> s == KafkaStreams.State.RUNNING).orElse(false);
  }

  /** When the ongoing schema registry outage began; empty while the registry answers. */
  public Optional<Instant> registryUnavailableSince() {
    return registryOutage.since();
  }

  /** This instance's {@code application.server}; empty until started. */
  public Optional<HostInfo> self() {
    return Optional.ofNullable(self);
  }

  public int recentThreadFailures() {
    return failures.recent();
  }

  @Override
  public synchronized void close() {
    registryOutage.close();
    if (streams == null) {
      return;
    }
    LOG.info("Closing {}", name);
    boolean closed =
        streams.close(
            new KafkaStreams.CloseOptions()
                .timeout(settings.closeTimeout())
                .leaveGroup(settings.leaveGroupOnClose()));
    if (!closed) {
      LOG.warn("{} did not close within {}", name, settings.closeTimeout());
    }
    streamsMetrics.close();
  }
}
