package io.leadpipe.localstack.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the local stack configures each service: where Kafka and the registry are, state kept under
 * the data directory (so a restart resumes), and short demo windows so follow-ups show within a
 * minute instead of the production hours and days.
 */
public final class LocalServiceConfig {

  /**
   * The source the demo shop page and the demo shoppers send as; shop.html carries this write key.
   */
  public static final String DEMO_SOURCE = "demo-shop";

  public static final String DEMO_WRITE_KEY = "demo-write-key";

  /**
   * The demo shop's server side: purchases and follower counts, which ingest accepts from server
   * sources only (a browser key is public).
   */
  public static final String DEMO_SERVER_SOURCE = "demo-server";

  public static final String DEMO_SERVER_WRITE_KEY = "demo-server-write-key";

  /** What services in local mode accept as admin key when none is set (ScoringAccess). */
  public static final String DEMO_ADMIN_KEY = "dev-admin-key";

  /** The notifier's name for the demo receiver: its webhook consumer group derives from it. */
  public static final String DEMO_WEBHOOK = "demo-shop";

  /**
   * Follow-up sequences in seconds rather than hours (delays count from the detection). The full
   * sequence still shows: a reminder, the play for the reason, then the survey.
   */
  static final Map<String, String> DEMO_SEQUENCES =
      Map.of(
          "CART_ABANDONED", "REMINDER@10s,REASON_PLAY@20s,SURVEY@40s",
          "CHECKOUT_ABANDONED", "REMINDER@10s,REASON_PLAY@20s,SURVEY@40s",
          "BROWSE_ABANDONED", "REASON_PLAY@15s,SURVEY@40s",
          "PRICE_WATCHING", "REASON_PLAY@15s,SURVEY@40s");

  /**
   * Room for a whole sequence; the frequency cap (3) then applies per demo window, not per week.
   */
  static final String DEMO_COOLDOWN = "5s";

  static final String DEMO_FREQUENCY_WINDOW = "10m";

  /** Equal start and end: no quiet hours, so the demo shows follow-ups at any time of day. */
  static final String DEMO_QUIET_HOURS = "00:00";

  private final String bootstrapServers;
  private final String registryUrl;
  private final Path stateDir;

  /**
   * @param stateDir where services keep local state (Streams stores); under the data directory
   */
  public LocalServiceConfig(String bootstrapServers, String registryUrl, Path stateDir) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.stateDir = stateDir;
  }

  public ServiceSpec ingest(int port) {
    Map<String, String> p = common();
    p.put("leadpipe.ingest.sources." + DEMO_SOURCE + ".write-key", DEMO_WRITE_KEY);
    p.put("leadpipe.ingest.sources." + DEMO_SERVER_SOURCE + ".write-key", DEMO_SERVER_WRITE_KEY);
    p.put("leadpipe.ingest.sources." + DEMO_SERVER_SOURCE + ".kind", "server");
    // The demo shop's pages are off by default (a production ingest serves no demo).
    p.put("micronaut.router.static-resources.demo.enabled", "true");
    // The demo shop and the survey page post to ingest from its own origin, whatever its port.
    p.put(
        "micronaut.server.cors.configurations.web.allowed-origins",
        "http://localhost:" + port + ",http://127.0.0.1:" + port);
    return new ServiceSpec(LeadpipeService.INGEST, port, p);
  }

  /**
   * scoring-stream with its state under the data dir (a restart resumes from it) and hesitation
   * windows of seconds instead of hours, so the demo shows hesitating buyers within a minute.
   */
  public ServiceSpec scoring(int port) {
    Map<String, String> p = common();
    Path state = stateDir.resolve(LeadpipeService.SCORING.module());
    p.put("leadpipe.scoring.streams.state-dir", state.resolve("scoring").toString());
    p.put("leadpipe.hesitations.streams.state-dir", state.resolve("hesitations").toString());
    p.put("leadpipe.hesitations.fast-demo", "true");
    return new ServiceSpec(LeadpipeService.SCORING, port, p);
  }

  /**
   * The notifier with demo sequences, the demo receiver as its webhook endpoint and survey links to
   * the local ingest's survey page.
   */
  public ServiceSpec notifier(int port, URI webhookUrl, String webhookSecret, int ingestPort) {
    Map<String, String> p = common();
    p.put("leadpipe.notifier.survey.base-url", "http://localhost:" + ingestPort + "/survey/");
    p.put(
        "leadpipe.notifier.state-dir",
        stateDir.resolve(LeadpipeService.NOTIFIER.module()).toString());
    DEMO_SEQUENCES.forEach((kind, steps) -> p.put("leadpipe.notifier.sequences." + kind, steps));
    p.put("leadpipe.notifier.cooldown", DEMO_COOLDOWN);
    p.put("leadpipe.notifier.frequency-window", DEMO_FREQUENCY_WINDOW);
    p.put("leadpipe.notifier.quiet-start", DEMO_QUIET_HOURS);
    p.put("leadpipe.notifier.quiet-end", DEMO_QUIET_HOURS);
    p.put("leadpipe.webhooks." + DEMO_WEBHOOK + ".url", webhookUrl.toString());
    p.put("leadpipe.webhooks." + DEMO_WEBHOOK + ".secret", webhookSecret);
    // The demo receiver listens on this machine, an address webhooks refuse by default (SSRF).
    p.put("leadpipe.webhooks." + DEMO_WEBHOOK + ".allow-private-network", "true");
    return new ServiceSpec(LeadpipeService.NOTIFIER, port, p);
  }

  private Map<String, String> common() {
    Map<String, String> p = new LinkedHashMap<>();
    // Demo keys and open local APIs: never what a deployment gets (RunMode).
    p.put("leadpipe.mode", "local");
    p.put("kafka.bootstrap.servers", bootstrapServers);
    p.put("leadpipe.schema-registry.url", registryUrl);
    return p;
  }
}
