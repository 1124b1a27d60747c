package io.leadpipe.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.ConsumerGroups;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Given the notifier application with two webhook receivers, one that keeps failing and one that
 * accepts, and every log line captured with the root logger at DEBUG, when a prospect whose profile
 * holds an email and whose events carry a client IP hesitates, is followed up (retries, then a dead
 * letter at the first; delivered at the second, so the purchase is credited) and buys: then no log
 * line holds the email, the IP or the webhook secret — while the lines about the retries and the
 * dead letter are there.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class PersonalDataInLogsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void noEmailIpOrSecretReachesTheLogs(KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().replace("-", "");
    String visitor = "v-" + run;
    String email = "ana." + run + "@example.com";
    String ip = "203.0.113.77";
    String secret =
        io.leadpipe.webhook.WebhookSecret.generate(new java.security.SecureRandom(), 32).encoded();
    String appId = "notifier-logs-" + run;
    HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    failing.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    failing.start();
    // RECOVERED credits only a delivered follow-up: the other receiver takes it.
    HttpServer accepting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    accepting.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    accepting.start();
    ConsumerGroups.startAtTheEnd(
        env,
        Topics.FOLLOWUP_TRIGGERS.name(),
        List.of(appId + "-webhook-crm", appId + "-webhook-shop"));
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Level rootLevel = root.getLevel();
    try (EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.ofEntries(
                    Map.entry("micronaut.server.port", -1),
                    Map.entry("kafka.bootstrap.servers", env.bootstrapServers()),
                    Map.entry("leadpipe.schema-registry.url", env.schemaRegistryUrl()),
                    Map.entry("leadpipe.notifier.application-id", appId),
                    Map.entry(
                        "leadpipe.notifier.state-dir",
                        Files.createTempDirectory("notifier-logs").toString()),
                    Map.entry("leadpipe.notifier.tick", "200ms"),
                    Map.entry("leadpipe.notifier.cooldown", "0s"),
                    Map.entry("leadpipe.notifier.quiet-start", "00:00"),
                    Map.entry("leadpipe.notifier.quiet-end", "00:00"),
                    Map.entry("leadpipe.notifier.sequences.CART_ABANDONED", "REMINDER@1s"),
                    Map.entry(
                        "leadpipe.webhooks.crm.url",
                        "http://127.0.0.1:" + failing.getAddress().getPort() + "/hook"),
                    Map.entry("leadpipe.webhooks.crm.secret", secret),
                    Map.entry("leadpipe.webhooks.crm.retry-schedule", "50ms,100ms"),
                    Map.entry("leadpipe.webhooks.crm.allow-private-network", true),
                    Map.entry(
                        "leadpipe.webhooks.shop.url",
                        "http://127.0.0.1:" + accepting.getAddress().getPort() + "/hook"),
                    Map.entry("leadpipe.webhooks.shop.secret", secret),
                    Map.entry("leadpipe.webhooks.shop.allow-private-network", true)));
        KafkaProducer<String, ProspectProfile> profiles =
            env.producer(
                Topics.PROSPECT_PROFILES.keySerde().serializer(),
                Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
        KafkaProducer<String, WebEvent> events =
            env.producer(
                Topics.WEB_EVENTS.keySerde().serializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
        KafkaProducer<String, Hesitation> hesitations =
            env.producer(
                Topics.HESITATIONS.keySerde().serializer(),
                Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(
                                      URI.create(server.getURL() + "/health/readiness"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
      captured.setContext(logging);
      captured.start();
      root.addAppender(captured);
      root.setLevel(Level.DEBUG);

      // When a prospect with an email and an IP hesitates, is followed up through a failing and an
      // accepting webhook, and buys
      ProspectProfile base = Fixtures.consenting(visitor, "UTC");
      profiles
          .send(
              new ProducerRecord<>(
                  Topics.PROSPECT_PROFILES.name(),
                  visitor,
                  ProspectProfile.newBuilder(base)
                      .setTraits(Traits.newBuilder(base.getTraits()).setEmail(email).build())
                      .build()))
          .get();
      events
          .send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  visitor,
                  withIp(
                      Fixtures.purchase(visitor, "o-0", Instant.now()),
                      ip,
                      WebEventType.PRODUCT_VIEW)))
          .get();
      hesitations
          .send(
              new ProducerRecord<>(
                  Topics.HESITATIONS.name(),
                  visitor,
                  Fixtures.detected(
                      visitor,
                      "h-" + run,
                      HesitationKind.CART_ABANDONED,
                      HesitationReason.PRICE,
                      Instant.now())))
          .get();
      await("the follow-up dead-lettered after its retries")
          .atMost(WAIT)
          .until(
              () ->
                  lines(captured).stream()
                      .anyMatch(l -> l.contains("h-" + run + "#1 dead-lettered")));
      events
          .send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  visitor,
                  withIp(
                      Fixtures.purchase(visitor, "o-1", Instant.now()), ip, WebEventType.PURCHASE)))
          .get();
      await("the purchase attributed")
          .atMost(WAIT)
          .until(
              () ->
                  server
                          .getApplicationContext()
                          .getBean(io.micrometer.core.instrument.MeterRegistry.class)
                          .find("leadpipe.followup.decisions")
                          .tag("outcome", "RECOVERED")
                          .counter()
                      != null);
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
      failing.stop(0);
      accepting.stop(0);
    }

    List<String> lines = lines(captured);
    System.out.printf(
        "[logs] %d notifier log lines captured; searched for the email, the IP and the webhook secret%n",
        lines.size());
    assertThat(lines)
        .as("the retries were logged (the capture works)")
        .anyMatch(l -> l.contains("attempt 1 for h-" + run + "#1 failed"));
    assertThat(lines).as("lines with the email").noneMatch(l -> l.contains(email));
    assertThat(lines).as("lines with the IP").noneMatch(l -> l.contains(ip));
    assertThat(lines).as("lines with the webhook secret").noneMatch(l -> l.contains(secret));
  }

  private static WebEvent withIp(WebEvent event, String ip, WebEventType type) {
    return WebEvent.newBuilder(event)
        .setType(type)
        .setName(type.name())
        .setMessageId(event.getMessageId() + "-" + type)
        .setOrder(type == WebEventType.PURCHASE ? event.getOrder() : null)
        .setContext(EventContext.newBuilder().setIp(ip).build())
        .build();
  }

  private static List<String> lines(ListAppender<ILoggingEvent> captured) {
    List<ILoggingEvent> events;
    synchronized (captured) { // appends hold the appender's lock
      events = List.copyOf(captured.list);
    }
    return events.stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + " - "
                    + e.getFormattedMessage()
                    + " "
                    + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }
}
