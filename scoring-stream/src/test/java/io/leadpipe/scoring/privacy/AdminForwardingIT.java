package io.leadpipe.scoring.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.leadpipe.service.security.AdminKeyCheck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances share one application id: merge lookups, undo and exports asked of the instance
 * that does NOT host the identity graph are answered by the one that does, and the exported profile
 * comes from wherever it lives.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class AdminForwardingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int PEOPLE = 8;

  /** User ids tried to find {@link #PEOPLE} split between the two instances. */
  private static final int CANDIDATES = 200;

  @Test
  void theInstanceNotHostingTheGraphForwardsMergeLookupsUndoAndExports(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "admin-forwarding-" + run;
    try (ScoringApp a = ScoringApp.start(env, applicationId, Map.of());
        ScoringApp b = ScoringApp.start(env, applicationId, Map.of());
        var web =
            env.producer(
                new StringSerializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
        var identities =
            env.producer(
                new StringSerializer(),
                Topics.IDENTITIES.valueSerde(env.registryConfig()).serializer())) {
      a.awaitReady();
      b.awaitReady();
      // Given people who browsed anonymously and then logged in (each identify merges two ids),
      // half of them with their profile on the instance that hosts the identity graph and half on
      // the other, chosen by the partitions each owns (not left to how the hash spreads a few ids)
      Instant now = Instant.now().minusSeconds(30);
      List<String> users = usersSplitByGraphHost(a, run);
      for (int i = 0; i < PEOPLE; i++) {
        String anonymous = "anon-" + run + "-" + i;
        String user = users.get(i);
        web.send(
                new ProducerRecord<>(
                    Topics.WEB_EVENTS.name(),
                    anonymous,
                    WebEvent.newBuilder()
                        .setMessageId("w-" + run + "-" + i)
                        .setAnonymousId(anonymous)
                        .setEventTime(now)
                        .setReceivedAt(now)
                        .setSource("it")
                        .setContext(EventContext.newBuilder().build())
                        .setType(WebEventType.PRODUCT_VIEW)
                        .setName("Product Viewed")
                        .build()))
            .get();
        identities
            .send(
                new ProducerRecord<>(
                    Topics.IDENTITIES.name(),
                    user,
                    IdentityEvent.newBuilder()
                        .setMessageId("i-" + run + "-" + i)
                        .setKind(IdentityKind.IDENTIFY)
                        .setAnonymousId(anonymous)
                        .setUserId(user)
                        .setEventTime(now.plusSeconds(1))
                        .setReceivedAt(now)
                        .setSource("it")
                        .setTraits(Traits.newBuilder().build())
                        .build()))
            .get();
      }
      List<ConsumerRecord<String, IdentityMerge>> merges =
          env.consumeUntil(
              Topics.IDENTITY_MERGES.name(),
              Topics.IDENTITY_MERGES.keySerde().deserializer(),
              Topics.IDENTITY_MERGES.valueSerde(env.registryConfig()).deserializer(),
              records ->
                  records.stream()
                          .filter(
                              r -> r.value() != null && r.value().getCanonicalId().contains(run))
                          .count()
                      == PEOPLE,
              PATIENCE);
      String mergeId =
          merges.stream()
              .filter(r -> r.value() != null && r.value().getCanonicalId().contains(run))
              .findFirst()
              .orElseThrow()
              .key();

      // When either instance is asked for a merge record, the one hosting the graph reads it
      await("merge visible from both")
          .atMost(PATIENCE)
          .until(
              () ->
                  admin(a, "GET", "/admin/identities/merges/" + mergeId).statusCode() == 200
                      && admin(b, "GET", "/admin/identities/merges/" + mergeId).statusCode()
                          == 200);
      String graphHost = servedBy(admin(a, "GET", "/admin/identities/merges/" + mergeId));
      assertThat(servedBy(admin(b, "GET", "/admin/identities/merges/" + mergeId)))
          .isEqualTo(graphHost);
      ScoringApp notGraph = graphHost.endsWith(":" + a.port()) ? b : a;
      ScoringApp graph = notGraph == a ? b : a;
      System.out.printf(
          "[admin-forwarding] graph on :%d; asking :%d, which does not host it%n",
          graph.port(), notGraph.port());
      assertThat(admin(notGraph, "GET", "/admin/identities/merges/nope-" + run).statusCode())
          .isEqualTo(404);

      // Then an export asked of the other instance holds the person, with the profile from where it
      // lives; half the people's profiles live on the instance without the graph (two hops)
      int profilesElsewhere = 0;
      for (String user : users) {
        String profileHost =
            servedBy(
                await("profile of " + user)
                    .atMost(PATIENCE)
                    .until(
                        () -> admin(notGraph, "GET", "/admin/privacy/profiles/" + user),
                        r -> r.statusCode() == 200));
        HttpResponse<String> export = admin(notGraph, "GET", "/admin/privacy/export/" + user);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(servedBy(export)).isEqualTo(graphHost);
        JsonNode exported = JSON.readTree(export.body());
        assertThat(exported.path("canonicalId").asText()).isEqualTo(user);
        assertThat(exported.path("linkedIds")).hasSize(2);
        assertThat(exported.path("profile").path("activity").path("productViews").asInt())
            .as(user)
            .isEqualTo(1);
        if (!profileHost.equals(graphHost)) {
          profilesElsewhere++;
        }
      }
      System.out.printf(
          "[admin-forwarding] %d exports from :%d, %d with the profile on the instance without the graph%n",
          users.size(), notGraph.port(), profilesElsewhere);
      // Positive rather than exactly half: a rebalance after the choice may move a partition
      assertThat(profilesElsewhere).as("profiles on the instance without the graph").isPositive();

      // And undo asked of the other instance checks the record where it lives: 202, then 409 once
      // UNDONE
      assertThat(
              admin(notGraph, "POST", "/admin/identities/merges/" + mergeId + "/undo").statusCode())
          .isEqualTo(202);
      await("undone")
          .atMost(PATIENCE)
          .until(
              () ->
                  JSON.readTree(
                          admin(notGraph, "GET", "/admin/identities/merges/" + mergeId).body())
                      .path("status")
                      .asText()
                      .equals("UNDONE"));
      assertThat(
              admin(notGraph, "POST", "/admin/identities/merges/" + mergeId + "/undo").statusCode())
          .isEqualTo(409);
    }
  }

  /**
   * {@link #PEOPLE} user ids, half of whose profiles belong to the instance that owns the identity
   * graph's partition and half to the other, by {@code app}'s view of the assignment (awaited until
   * both instances own profile partitions).
   */
  private static List<String> usersSplitByGraphHost(ScoringApp app, String run) {
    KafkaStreams streams = app.scoring().streams().orElseThrow();
    return await("an assignment that gives both instances profile partitions")
        .atMost(PATIENCE)
        .until(
            () -> {
              HostInfo graphHost = owner(streams, Stores.IDENTITY_MERGE_STORE, Stores.GRAPH_KEY);
              if (graphHost == null) {
                return List.<String>of();
              }
              List<String> onGraphHost = new ArrayList<>();
              List<String> elsewhere = new ArrayList<>();
              for (int i = 0; i < CANDIDATES; i++) {
                String user = "user-" + run + "-" + i;
                HostInfo profileHost = owner(streams, Stores.PROFILE_STORE, user);
                if (profileHost == null) {
                  return List.<String>of();
                }
                (profileHost.equals(graphHost) ? onGraphHost : elsewhere).add(user);
              }
              if (onGraphHost.size() < PEOPLE / 2 || elsewhere.size() < PEOPLE / 2) {
                return List.<String>of();
              }
              List<String> chosen = new ArrayList<>(onGraphHost.subList(0, PEOPLE / 2));
              chosen.addAll(elsewhere.subList(0, PEOPLE / 2));
              return chosen;
            },
            chosen -> chosen.size() == PEOPLE);
  }

  /** The instance owning {@code key} of {@code store}, or null while the assignment is unknown. */
  private static HostInfo owner(KafkaStreams streams, String store, String key) {
    KeyQueryMetadata metadata =
        streams.queryMetadataForKey(store, key, Serdes.String().serializer());
    return metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
        ? null
        : metadata.activeHost();
  }

  private static String servedBy(HttpResponse<String> response) {
    return response.headers().firstValue(KeyOwnerRouter.SERVED_BY_HEADER).orElseThrow();
  }

  private static HttpResponse<String> admin(ScoringApp app, String method, String path) {
    return app.send(
        HttpRequest.newBuilder(app.uri(path))
            .header(AdminKeyCheck.ADMIN_KEY_HEADER, ScoringApp.ADMIN_KEY)
            .header("X-Operator", "it-operator")
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }
}
