package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.privacy.PrivacyRequestKind;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.identity.Hashing;
import io.leadpipe.scoring.privacy.PersonExport;
import io.leadpipe.scoring.privacy.PrivacyCommands;
import io.leadpipe.scoring.privacy.TopicHistory;
import io.leadpipe.scoring.query.PublishedProfiles;
import io.leadpipe.streams.privacy.ErasedIds;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stitching, export and erasure on a real broker with exactly-once: the identity graph on its one
 * partition, route changes and member states crossing partitions, the export read from stores and
 * history topics, tombstones on the compacted profile topic, suppression.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class IdentityPrivacyIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void anIdentifiedPersonIsStitchedExportedThenErasedAndTheirNewEventsCreateNoProfile(
      KafkaTestEnvironment env) throws Exception {
    // Given the topology running, and a visitor who browses anonymously, logs in and browses on
    String run = UUID.randomUUID().toString().substring(0, 8);
    String anonymous = "anon-" + run;
    String user = "user-" + run;
    Instant now = Instant.now();
    KafkaStreams streams = start(env, "identity-it-" + run);
    try (var web =
            env.producer(
                new StringSerializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
        var identities =
            env.producer(
                new StringSerializer(),
                Topics.IDENTITIES.valueSerde(env.registryConfig()).serializer());
        var commands =
            env.producer(
                new StringSerializer(),
                Topics.IDENTITY_COMMANDS.valueSerde(env.registryConfig()).serializer());
        var hesitations =
            env.producer(
                new StringSerializer(),
                Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer());
        var privacyRecords =
            env.producer(
                new StringSerializer(),
                Topics.PRIVACY_REQUESTS.valueSerde(env.registryConfig()).serializer())) {
      web.send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  anonymous,
                  event(anonymous, WebEventType.PRODUCT_VIEW, now)))
          .get();
      identities
          .send(
              new ProducerRecord<>(
                  Topics.IDENTITIES.name(),
                  user,
                  IdentityEvent.newBuilder()
                      .setMessageId("identify-" + run)
                      .setKind(IdentityKind.IDENTIFY)
                      .setAnonymousId(anonymous)
                      .setUserId(user)
                      .setEventTime(now.plusSeconds(1))
                      .setReceivedAt(now.plusSeconds(1))
                      .setSource("it")
                      .setTraits(Traits.newBuilder().setEmail(run + "@shop.example.de").build())
                      .build()))
          .get();
      web.send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  anonymous,
                  event(anonymous, WebEventType.PRODUCT_VIEW, now.plusSeconds(2))))
          .get();

      // Then one profile holds both devices' behaviour, under the user id
      var profileSerde = Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig());
      env.consumeUntil(
          Topics.PROSPECT_PROFILES.name(),
          Topics.PROSPECT_PROFILES.keySerde().deserializer(),
          profileSerde.deserializer(),
          records ->
              records.stream()
                  .anyMatch(
                      r ->
                          r.key().equals(user)
                              && r.value() != null
                              && r.value().getActivity().getProductViews() == 2),
          TIMEOUT);

      // When an operator exports what is known about the person, by the anonymous id
      hesitations
          .send(
              new ProducerRecord<>(
                  Topics.HESITATIONS.name(),
                  user,
                  hesitation(user, "h-" + run, now.plusSeconds(3))))
          .get();
      var history =
          new TopicHistory(
              () ->
                  env.consumer(
                      "export-" + UUID.randomUUID(),
                      new StringDeserializer(),
                      new ByteArrayDeserializer()),
              TIMEOUT);
      PersonExport.Export export =
          new PersonExport(
                  streams,
                  PersonExport.localProfiles(streams, new PublishedProfiles(env.registryConfig())),
                  history,
                  privacyRecords,
                  env.registryConfig(),
                  Clock.systemUTC())
              .export(anonymous, "it");

      // Then it holds the merged profile, both ids, the merge that linked them and the hesitation
      assertThat(export.canonicalId()).isEqualTo(user);
      assertThat(export.linkedIds()).containsExactlyInAnyOrder(anonymous, user);
      assertThat(((Map<?, ?>) export.profile().get("activity")).get("productViews")).isEqualTo(2);
      assertThat(export.merges())
          .singleElement()
          .satisfies(m -> assertThat(m.getMemberIds()).containsExactly(anonymous));
      assertThat(export.hesitations())
          .extracting(Hesitation::getHesitationId)
          .containsExactly("h-" + run);

      // When the person is erased by their anonymous id
      String requestId =
          new PrivacyCommands(commands, Clock.systemUTC(), TIMEOUT).erase(anonymous, "it");

      // Then both keys end in a tombstone on the compacted profile topic, and the request is
      // recorded with hashed ids
      List<ConsumerRecord<String, ProspectProfile>> profiles =
          env.consumeUntil(
              Topics.PROSPECT_PROFILES.name(),
              Topics.PROSPECT_PROFILES.keySerde().deserializer(),
              profileSerde.deserializer(),
              records ->
                  lastValueIsTombstone(records, user) && lastValueIsTombstone(records, anonymous),
              TIMEOUT);
      assertThat(profiles).anyMatch(r -> r.key().equals(anonymous) && r.value() != null);
      List<ConsumerRecord<String, PrivacyRequest>> requests =
          env.consumeUntil(
              Topics.PRIVACY_REQUESTS.name(),
              Topics.PRIVACY_REQUESTS.keySerde().deserializer(),
              Topics.PRIVACY_REQUESTS.valueSerde(env.registryConfig()).deserializer(),
              records -> records.stream().anyMatch(r -> r.key().equals(requestId)),
              TIMEOUT);
      assertThat(requests)
          .filteredOn(r -> r.key().equals(export.requestId()))
          .singleElement()
          .satisfies(r -> assertThat(r.value().getKind()).isEqualTo(PrivacyRequestKind.EXPORT));
      assertThat(requests)
          .filteredOn(r -> r.key().equals(requestId))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.value().getLinkedIdHashes())
                      .containsExactlyInAnyOrder(Hashing.sha256(anonymous), Hashing.sha256(user)));

      // And the queryable store has neither id
      await("profile store emptied")
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                ReadOnlyKeyValueStore<String, byte[]> store =
                    streams.store(
                        StoreQueryParameters.fromNameAndType(
                            Stores.PROFILE_STORE,
                            QueryableStoreTypes.<String, byte[]>keyValueStore()));
                assertThat(store.get(user)).isNull();
                assertThat(store.get(anonymous)).isNull();
              });

      // When the erased visitor comes back, their events are dropped and counted, and no profile
      // appears
      web.send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  anonymous,
                  event(anonymous, WebEventType.PAGE_VIEW, Instant.now())))
          .get();
      await("suppressed").atMost(TIMEOUT).until(() -> suppressed(streams) >= 1);
      List<ConsumerRecord<String, ProspectProfile>> after =
          env.consumeUntil(
              Topics.PROSPECT_PROFILES.name(),
              Topics.PROSPECT_PROFILES.keySerde().deserializer(),
              profileSerde.deserializer(),
              records -> lastValueIsTombstone(records, anonymous),
              TIMEOUT);
      assertThat(lastValueIsTombstone(after, anonymous)).isTrue();
    } finally {
      streams.close(Duration.ofSeconds(10));
    }
  }

  private static boolean lastValueIsTombstone(
      List<ConsumerRecord<String, ProspectProfile>> records, String key) {
    return records.stream()
        .filter(r -> r.key().equals(key))
        .reduce((a, b) -> b)
        .map(r -> r.value() == null)
        .orElse(false);
  }

  private static double suppressed(KafkaStreams streams) {
    return streams.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(ErasedIds.METRIC + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  private static KafkaStreams start(KafkaTestEnvironment env, String appId) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("identity-it").toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    KafkaStreams streams =
        new KafkaStreams(
            new ProspectTopology(ScoringConfig.defaults(), env.registryConfig()).build(), props);
    streams.start();
    await("streams running")
        .atMost(TIMEOUT)
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }

  private static Hesitation hesitation(String visitor, String id, Instant at) {
    return Hesitation.newBuilder()
        .setHesitationId(id)
        .setVisitorId(visitor)
        .setKind(HesitationKind.CART_ABANDONED)
        .setStatus(HesitationStatus.DETECTED)
        .setStartedAt(at)
        .setLastActivityAt(at)
        .setDetectedAt(at)
        .setPrimaryReason(HesitationReason.SHIPPING)
        .setReasons(List.of())
        .build();
  }

  private static WebEvent event(String anonymousId, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(UUID.randomUUID().toString())
        .setAnonymousId(anonymousId)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("it")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name())
        .build();
  }
}
