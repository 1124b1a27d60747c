package io.leadpipe.localstack;

import io.leadpipe.devkit.LeanJvm;
import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import io.leadpipe.localstack.demo.DemoExperiment;
import io.leadpipe.localstack.demo.DemoRun;
import io.leadpipe.localstack.demo.DemoTraffic;
import io.leadpipe.localstack.service.LeadpipeService;
import io.leadpipe.localstack.service.LocalServiceConfig;
import io.leadpipe.localstack.service.ServiceProcess;
import io.leadpipe.localstack.service.ServiceSpec;
import io.leadpipe.localstack.webhook.DemoWebhookReceiver;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.TopicProvisioner;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.webhook.WebhookSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * leadpipe on one machine, behind {@code bin/run-local}: Kafka and the dev schema registry in this
 * JVM (or external ones), then ingest-service, scoring-stream and notifier-service as their own
 * JVMs, a demo webhook receiver standing in for a marketing system, and demo shoppers using the
 * real tracking API.
 *
 * <p>Start: broker → registry → webhook receiver → services (started together, then awaited ready)
 * → demo traffic. Stop (Ctrl-C, SIGTERM): the reverse. Everything lives under the data directory
 * (Kafka data, Streams state, the demo's seed, logs), so a restart resumes where the last run
 * stopped.
 */
public final class LocalStack implements AutoCloseable {

  /** Four JVMs share a laptop: a modest heap each, and quick start-up over peak speed. */
  static final List<String> SERVICE_JVM_OPTIONS = LeanJvm.withHeap("384m");

  /** Cold JVMs on two busy cores: generous. */
  static final Duration READINESS_TIMEOUT = Duration.ofMinutes(3);

  static final Duration STATUS_INTERVAL = Duration.ofSeconds(30);
  static final long TOPIC_CREATION_TIMEOUT_MS = 30_000;

  /** Replication factor -1: the external cluster's default. */
  static final short CLUSTER_DEFAULT_REPLICATION = -1;

  static final int WEBHOOK_SECRET_BYTES = 32;
  public static final String PID_FILE = "local-stack.pid";
  public static final String KAFKA_DIR = "kafka";
  public static final String LOG_DIR = "logs";
  public static final String STATE_DIR = "state";
  public static final String DEMO_DIR = "demo";
  static final String WEBHOOK_KEYS_FILE = "webhook-keys.txt";
  static final String LOG_DIR_PROPERTY = "leadpipe.log.dir";
  static final String LOGBACK_CONFIG_PROPERTY = "logback.configurationFile";
  static final String LOGBACK_CONFIG_RESOURCE = "local-stack-logback.xml";

  /** How long the demo waits for the notifier's default strategies, and how often it asks. */
  private static final Duration EXPERIMENT_PATIENCE = Duration.ofMinutes(2);

  private static final Duration EXPERIMENT_RETRY = Duration.ofSeconds(1);
  private static final Duration EXPERIMENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final int EXIT_BAD_OPTIONS = 2;
  private static final int EXIT_FAILED = 1;

  // Not static: the logger must be created after main() has pointed logback at the data directory.
  private final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private final Path repoRoot;
  private final Clock clock;
  private LaunchOptions options;

  private EmbeddedKafkaBroker broker;
  private DevSchemaRegistry registry;
  private String bootstrapServers;
  private String registryUrl;
  private DemoWebhookReceiver webhooks;
  private String webhookSecret;
  private final List<ServiceProcess> services = new ArrayList<>();
  private DemoTraffic demo;
  private DemoRun demoRun;
  private final List<String> skipped = new ArrayList<>();
  private boolean pidFileWritten;
  private boolean closed;

  public LocalStack(LaunchOptions options, Path repoRoot, Clock clock) {
    this.options = options;
    this.repoRoot = repoRoot;
    this.clock = clock;
  }

  public static void main(String[] args) throws InterruptedException {
    Path repoRoot = repoRoot();
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args, System.getenv(), repoRoot);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("See bin/run-local --help");
      System.exit(EXIT_BAD_OPTIONS);
      return;
    }
    if (options.help()) {
      System.out.print(LaunchOptions.usage());
      return;
    }
    configureLogging(options.dataDir().resolve(LOG_DIR));
    LocalStack stack = new LocalStack(options, repoRoot, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopRequested = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.set(true);
                  if (!stack.isClosed()) {
                    System.out.println("Stopping leadpipe ...");
                    stack.close();
                    System.out.println("leadpipe stopped.");
                  }
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    long t0 = System.nanoTime();
    try {
      stack.start();
    } catch (RuntimeException e) {
      // start() logged the reason (console and log file); a stop during start-up is no failure.
      if (!stopRequested.get()) {
        System.exit(EXIT_FAILED);
      }
      return;
    }
    System.out.print(stack.summary(Duration.ofNanos(System.nanoTime() - t0)));
    System.out.flush();
    while (!stopped.await(STATUS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
      String status = stack.status();
      if (!status.isEmpty()) {
        System.out.println(status);
      }
    }
  }

  /** Starts everything, or stops what had started and throws with the reason. */
  public void start() {
    try {
      resolvePorts();
      claimDataDir();
      startKafka();
      startRegistry();
      prepareDemoShoppers();
      startWebhookReceiver();
      startServices();
      startDemoTraffic();
    } catch (RuntimeException e) {
      if (!isClosed()) {
        log.error("leadpipe could not start: {}", e.getMessage());
      }
      close();
      throw e;
    }
  }

  /**
   * Service ports given as 0 become free ports now, so every service knows where the others are
   * (the broker, registry and receiver bind their own free port); fixed ports must be free.
   */
  private void resolvePorts() {
    List<String> busy = new ArrayList<>();
    Map<LeadpipeService, Integer> servicePorts = new EnumMap<>(LeadpipeService.class);
    for (LeadpipeService s : LeadpipeService.values()) {
      int port = options.port(s);
      if (options.services().contains(s)) {
        port = port == 0 ? freePort() : checkFree(port, s.module(), busy);
      }
      servicePorts.put(s, port);
    }
    if (options.kafka().isEmpty()) {
      checkFree(options.kafkaPort(), "Kafka", busy);
    }
    if (options.registry().isEmpty()) {
      checkFree(options.registryPort(), "schema registry", busy);
    }
    if (options.services().contains(LeadpipeService.NOTIFIER)) {
      checkFree(options.webhookPort(), "demo webhook receiver", busy);
    }
    if (!busy.isEmpty()) {
      throw new IllegalStateException(
          "Ports in use: "
              + String.join(", ", busy)
              + ". Is another leadpipe stack running? Stop it, or choose other ports (bin/run-local --help).");
    }
    options = options.withServicePorts(servicePorts);
  }

  /** One stack per data directory: two brokers on one log directory would corrupt it. */
  private void claimDataDir() {
    Path pidFile = options.dataDir().resolve(PID_FILE);
    try {
      Files.createDirectories(options.dataDir());
      if (Files.exists(pidFile)) {
        String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
        Optional<ProcessHandle> other =
            parsePid(text).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (other.isPresent() && other.get().pid() != ProcessHandle.current().pid()) {
          throw new IllegalStateException(
              "Another leadpipe stack (pid "
                  + text
                  + ") uses "
                  + options.dataDir()
                  + ". Stop it with: kill "
                  + text
                  + " (or delete "
                  + pidFile
                  + " if that process is not leadpipe)");
        }
      }
      Files.writeString(
          pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      pidFileWritten = true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use the data directory " + options.dataDir(), e);
    }
  }

  private void startKafka() {
    if (options.kafka().isPresent()) {
      bootstrapServers = options.kafka().get();
      createCatalogueTopics(bootstrapServers);
      return;
    }
    EmbeddedKafkaBroker started =
        EmbeddedKafkaBroker.builder()
            .dataDir(options.dataDir().resolve(KAFKA_DIR))
            .port(options.kafkaPort())
            .controllerPort(EmbeddedKafkaBroker.ANY_FREE_PORT)
            .createCatalogueTopics(true)
            .build()
            .start();
    register(() -> broker = started, started);
    bootstrapServers = started.bootstrapServers();
  }

  /** An external cluster may not have leadpipe's topics yet; existing ones are left as they are. */
  private void createCatalogueTopics(String bootstrap) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<String> created =
          TopicProvisioner.ensureTopics(
              admin,
              Topics.all(),
              Optional.empty(),
              CLUSTER_DEFAULT_REPLICATION,
              TOPIC_CREATION_TIMEOUT_MS);
      log.info("Kafka at {}: created topics {}", bootstrap, created);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics on " + bootstrap, e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot reach Kafka at " + bootstrap + " to create leadpipe's topics: " + e, e);
    }
  }

  private void startRegistry() {
    if (options.registry().isPresent()) {
      registryUrl = options.registry().get();
      return;
    }
    DevSchemaRegistry started =
        DevSchemaRegistry.start(
            DevSchemaRegistryConfig.onKafka(bootstrapServers, options.registryPort()));
    register(() -> registry = started, started);
    registryUrl = started.url();
  }

  /** The shoppers exist before the receiver, so follow-ups can reach them from the first one on. */
  private void prepareDemoShoppers() {
    if (!options.demo() || !options.services().contains(LeadpipeService.INGEST)) {
      return;
    }
    demoRun =
        DemoRun.next(
            options.dataDir().resolve(DEMO_DIR), options.seed(), new SecureRandom()::nextLong);
    URI ingest = URI.create("http://localhost:" + options.port(LeadpipeService.INGEST));
    demo =
        new DemoTraffic(
            DemoTraffic.Settings.of(
                ingest,
                LocalServiceConfig.DEMO_WRITE_KEY,
                LocalServiceConfig.DEMO_SERVER_WRITE_KEY,
                options.rate(),
                demoRun.runSeed()),
            clock);
  }

  /**
   * Up before the notifier, which is configured with its address and delivers to it from the start.
   */
  private void startWebhookReceiver() {
    if (!options.services().contains(LeadpipeService.NOTIFIER)) {
      return;
    }
    DemoTraffic shoppers = demo;
    DemoWebhookReceiver started =
        DemoWebhookReceiver.start(
            options.webhookPort(),
            newWebhookSecret(),
            clock,
            options.dataDir().resolve(DEMO_DIR).resolve(WEBHOOK_KEYS_FILE),
            (visitor, trigger, play, surveyUrl) -> {
              if (shoppers != null) {
                shoppers.onFollowup(visitor, trigger, play, surveyUrl);
              }
            });
    register(() -> webhooks = started, started);
  }

  /** A fresh secret per run: only this launcher and the notifier it starts know it. */
  private String newWebhookSecret() {
    webhookSecret = WebhookSecret.generate(new SecureRandom(), WEBHOOK_SECRET_BYTES).encoded();
    return webhookSecret;
  }

  /**
   * All chosen services start at once (their JVMs warm up in parallel), then each is awaited ready.
   * A service whose module has no build is skipped with the reason, unless it was asked for by
   * name.
   */
  private void startServices() {
    LocalServiceConfig config =
        new LocalServiceConfig(bootstrapServers, registryUrl, options.dataDir().resolve(STATE_DIR));
    Path logs = options.dataDir().resolve(LOG_DIR);
    for (LeadpipeService service : LeadpipeService.values()) {
      if (!options.services().contains(service)) {
        continue;
      }
      Optional<String> missing = service.missingBuild(repoRoot);
      if (missing.isPresent()) {
        if (options.servicesChosen()) {
          throw new IllegalStateException(missing.get());
        }
        skipped.add(service.module());
        log.warn("Not starting {}: {}", service.module(), missing.get());
        continue;
      }
      ServiceProcess started =
          ServiceProcess.start(spec(config, service), repoRoot, logs, SERVICE_JVM_OPTIONS);
      register(() -> services.add(started), started);
    }
    for (ServiceProcess service : List.copyOf(services)) {
      try {
        service.awaitReady(READINESS_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + service.spec().name());
      }
    }
  }

  private ServiceSpec spec(LocalServiceConfig config, LeadpipeService service) {
    int port = options.port(service);
    return switch (service) {
      case INGEST -> config.ingest(port);
      case SCORING -> config.scoring(port);
      case NOTIFIER ->
          config.notifier(
              port, webhooks.url(), webhookSecret, options.port(LeadpipeService.INGEST));
    };
  }

  private void startDemoTraffic() {
    if (demo == null) {
      return;
    }
    if (!running(LeadpipeService.INGEST)) {
      log.warn("No demo traffic: it goes through ingest-service, which is not running");
      demo = null;
      return;
    }
    demo.start();
    if (running(LeadpipeService.NOTIFIER) && options.holdout() > 0) {
      startDemoExperiment();
    }
  }

  /**
   * In the background, once the notifier has seeded its default strategies: each gets a holdout, so
   * the strategy results compare followed-up shoppers with held-out ones (docs/followups.md).
   */
  private void startDemoExperiment() {
    DemoExperiment experiment =
        new DemoExperiment(
            URI.create("http://127.0.0.1:" + options.port(LeadpipeService.NOTIFIER)),
            LocalServiceConfig.DEMO_ADMIN_KEY,
            options.holdout(),
            EXPERIMENT_REQUEST_TIMEOUT);
    Thread setUp =
        new Thread(
            () -> {
              try {
                List<String> heldOut =
                    experiment.holdOut(EXPERIMENT_PATIENCE, EXPERIMENT_RETRY, clock);
                log.info(
                    "Demo experiment: {} of shoppers held out of {}",
                    options.holdout(),
                    heldOut.isEmpty() ? "the default strategies already" : heldOut);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                log.warn("Demo experiment not set up: {}", e.getMessage());
              }
            },
            "demo-experiment");
    setUp.setDaemon(true);
    setUp.start();
  }

  /** Records a started part, or stops it at once when a stop came in while it was starting. */
  private synchronized void register(Runnable keep, AutoCloseable part) {
    if (closed) {
      closeQuietly(part, "a part started during shutdown");
      throw new IllegalStateException("Stopped while starting");
    }
    keep.run();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops in reverse order: demo traffic, services (last started first), receiver, registry,
   * broker.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (demo != null) {
      closeQuietly(demo, "demo traffic");
    }
    for (int i = services.size() - 1; i >= 0; i--) {
      closeQuietly(services.get(i), services.get(i).spec().name());
    }
    if (webhooks != null) {
      closeQuietly(webhooks, "demo webhook receiver");
    }
    if (registry != null) {
      closeQuietly(registry, "schema registry");
    }
    if (broker != null) {
      closeQuietly(broker, "Kafka broker");
    }
    if (pidFileWritten) {
      try {
        Files.deleteIfExists(options.dataDir().resolve(PID_FILE));
      } catch (IOException e) {
        log.warn("Could not remove the pid file: {}", e.toString());
      }
    }
    log.info("leadpipe local stack stopped");
  }

  private void closeQuietly(AutoCloseable part, String what) {
    try {
      part.close();
    } catch (Exception e) {
      // Keep stopping the rest: one part failing to stop must not leave the others running.
      log.warn("Stopping {} failed: {}", what, e.toString());
    }
  }

  // --- what the stack tells its user -------------------------------------------------------------

  /** The banner printed once everything is up: where to look, and how to stop. */
  public String summary(Duration startedIn) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%nleadpipe is running (started in %d s)%n", startedIn.toSeconds()));
    if (running(LeadpipeService.INGEST)) {
      line(b, "demo shop", http(LeadpipeService.INGEST, "/demo/shop.html"));
      line(
          b,
          "tracking API",
          http(LeadpipeService.INGEST, "/v1/batch")
              + "  (write key "
              + LocalServiceConfig.DEMO_WRITE_KEY
              + ")");
    }
    if (running(LeadpipeService.SCORING)) {
      line(b, "dashboard", http(LeadpipeService.SCORING, "/dashboard"));
      line(b, "admin key", LocalServiceConfig.DEMO_ADMIN_KEY + "  (scoring-stream's /admin API)");
    }
    line(
        b,
        "local mode",
        "demo keys, and the query API and dashboard answer this machine only; services refuse"
            + " demo keys outside local mode (docs/deployment.md)");
    line(
        b,
        "prometheus",
        services.stream()
            .map(s -> http(s.spec().service(), "/prometheus"))
            .collect(Collectors.joining("  ")));
    line(b, "kafka", bootstrapServers + (broker != null ? "  (embedded)" : "  (external)"));
    line(
        b,
        "schema registry",
        registryUrl + "/subjects" + (registry != null ? "  (dev registry)" : "  (external)"));
    if (webhooks != null) {
      line(b, "webhook receiver", webhooks.url().toString());
    }
    line(b, "topics", Topics.all().stream().map(Topic::name).collect(Collectors.joining(", ")));
    line(b, "data", options.dataDir().toString());
    line(b, "logs", options.dataDir().resolve(LOG_DIR) + "/<service>.log");
    if (demo != null) {
      line(
          b,
          "demo traffic",
          String.format(
              "%s events/s, seed %d (run %d)",
              BigDecimal.valueOf(options.rate()).stripTrailingZeros().toPlainString(),
              demoRun.seed(),
              demoRun.run()));
    } else {
      line(b, "demo traffic", "off");
    }
    if (!skipped.isEmpty()) {
      line(
          b,
          "not started",
          String.join(", ", skipped) + " (not built in this revision; see the log)");
    }
    b.append(String.format("Stop with Ctrl-C or: kill %d%n", ProcessHandle.current().pid()));
    return b.toString();
  }

  /**
   * One line for the periodic status: traffic, follow-ups, and any service that stopped on its own.
   */
  public String status() {
    List<String> parts = new ArrayList<>();
    if (demo != null) {
      DemoTraffic.Stats s = demo.stats();
      parts.add(
          String.format(
              "demo: %d shoppers, %d events accepted, %d refused, %d failed, %d reactions",
              s.shoppers(), s.accepted(), s.rejected(), s.failed(), s.reactions()));
    }
    if (webhooks != null) {
      DemoWebhookReceiver.Stats w = webhooks.stats();
      parts.add(
          String.format(
              "follow-ups: %d verified %s, %d refused",
              w.verified(), w.verifiedByPlay(), w.rejected()));
    }
    for (ServiceProcess s : services) {
      if (!s.isAlive()) {
        parts.add(
            s.spec().name() + " EXITED with code " + s.exitValue() + " (see " + s.logFile() + ")");
      }
    }
    return String.join(" | ", parts);
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("  %-17s %s%n", label, value));
  }

  private String http(LeadpipeService service, String path) {
    return "http://localhost:" + options.port(service) + path;
  }

  // --- for tests and tools that drive the stack ------------------------------------------------

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String schemaRegistryUrl() {
    return registryUrl;
  }

  /** The options in effect: free ports resolved. */
  public LaunchOptions options() {
    return options;
  }

  public Optional<DemoWebhookReceiver> webhooks() {
    return Optional.ofNullable(webhooks);
  }

  public Optional<DemoTraffic> demo() {
    return Optional.ofNullable(demo);
  }

  public Optional<DemoRun> demoRun() {
    return Optional.ofNullable(demoRun);
  }

  /** The running services by kind. */
  public Map<LeadpipeService, ServiceProcess> services() {
    Map<LeadpipeService, ServiceProcess> byKind = new LinkedHashMap<>();
    services.forEach(s -> byKind.put(s.spec().service(), s));
    return byKind;
  }

  private boolean running(LeadpipeService service) {
    return services.stream().anyMatch(s -> s.spec().service() == service);
  }

  // --- start-up helpers ------------------------------------------------------------------------

  /** Before the first logger exists; an explicit -Dlogback.configurationFile still wins. */
  static void configureLogging(Path logDir) {
    System.setProperty(LOG_DIR_PROPERTY, logDir.toString());
    if (System.getProperty(LOGBACK_CONFIG_PROPERTY) == null) {
      System.setProperty(LOGBACK_CONFIG_PROPERTY, LOGBACK_CONFIG_RESOURCE);
    }
  }

  /**
   * The repository this launcher was built in: its classes are in {@code
   * <repo>/local-stack/target/classes}.
   */
  static Path repoRoot() {
    try {
      Path classes =
          Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = classes.getParent().getParent().getParent();
      if (!Files.exists(root.resolve("pom.xml"))) {
        throw new IllegalStateException(
            "Run the launcher from its build in the repository (bin/run-local); "
                + "no pom.xml in "
                + root);
      }
      return root;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the repository from " + e.getInput(), e);
    }
  }

  private static int checkFree(int port, String what, List<String> busy) {
    if (port != 0) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
      } catch (IOException e) {
        busy.add(port + " (" + what + ")");
      }
    }
    return port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  private static Optional<Long> parsePid(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
