package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topology on a real broker with exactly-once: what TopologyTestDriver cannot show — the
 * repartition topics (mis-keyed inputs, referrals by code, credits by sharer, identity claims,
 * routes and members) are created co-partitioned with the inputs, and a referral credit travels
 * visitor → code → sharer and back into the sharer's profile.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ProspectTopologyIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void aReferralCrossesKeysAndComesBackIntoTheSharersProfile(KafkaTestEnvironment env)
      throws Exception {
    // Given the topology running with exactly-once on the in-process broker
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "scoring-it-" + run;
    String ann = "ann-" + run;
    String bobAnonymous = "bob-" + run;
    String bob = "u-bob-" + run;
    String code = "code-" + run;
    Instant now = Instant.now();
    KafkaStreams streams = start(env, appId);
    try {
      try (var web =
              env.producer(
                  new StringSerializer(),
                  Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
          var identities =
              env.producer(
                  new StringSerializer(),
                  Topics.IDENTITIES.valueSerde(env.registryConfig()).serializer());
          var raw = env.producer(new StringSerializer(), new ByteArraySerializer())) {
        // When ann shares her link and tells who she is, bob arrives through it (his record keyed
        // by his
        // anonymous id while his visitor id is his user id) and buys, and a broken record comes in
        send(
            web,
            ann,
            event(ann, null, WebEventType.PRODUCT_SHARED, now).setReferralCode(code).build());
        identities
            .send(
                new ProducerRecord<>(
                    Topics.IDENTITIES.name(),
                    ann,
                    IdentityEvent.newBuilder()
                        .setMessageId("id-" + run)
                        .setKind(IdentityKind.IDENTIFY)
                        .setAnonymousId(ann)
                        .setEventTime(now)
                        .setReceivedAt(now)
                        .setSource("it")
                        .setTraits(
                            Traits.newBuilder()
                                .setAge(30)
                                .setIncomeBand("high")
                                .setCountry("DE")
                                .setInterests(List.of("fashion", "shoes"))
                                .build())
                        .build()))
            .get();
        send(
            web,
            bobAnonymous,
            event(bobAnonymous, bob, WebEventType.PAGE_VIEW, now.plusSeconds(1))
                .setReferralCode(code)
                .build());
        send(
            web,
            bob,
            event(bobAnonymous, bob, WebEventType.PURCHASE, now.plusSeconds(2))
                .setOrder(OrderInfo.newBuilder().setOrderId("o-" + run).setRevenue(70.0).build())
                .build());
        raw.send(
                new ProducerRecord<>(
                    Topics.SOCIAL_EVENTS.name(), "bad-" + run, new byte[] {9, 9, 9}))
            .get();
      }

      // Then ann's profile shows her fit and the referred visitor and buyer, and bob's profile is
      // under his user id
      List<ConsumerRecord<String, ProspectProfile>> profiles =
          env.consumeUntil(
              Topics.PROSPECT_PROFILES.name(),
              Topics.PROSPECT_PROFILES.keySerde().deserializer(),
              Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).deserializer(),
              records ->
                  records.stream()
                      .anyMatch(
                          r ->
                              r.key().equals(ann)
                                  && r.value().getInfluence().getReferredBuyers() == 1),
              TIMEOUT);
      ProspectProfile annProfile =
          profiles.stream()
              .filter(r -> r.key().equals(ann))
              .reduce((a, b) -> b)
              .orElseThrow()
              .value();
      assertThat(annProfile.getInfluence().getReferredVisitors()).isEqualTo(1);
      assertThat(annProfile.getInfluence().getReferredRevenue()).isEqualTo(70.0);
      assertThat(annProfile.getFit().getGrade()).isEqualTo(FitGrade.A);
      assertThat(profiles)
          .filteredOn(r -> r.key().equals(bob))
          .last()
          .satisfies(r -> assertThat(r.value().getReferredBy()).isEqualTo(code))
          .satisfies(r -> assertThat(r.value().getAnonymousIds()).containsExactly(bobAnonymous));
      assertThat(profiles).noneMatch(r -> r.key().equals(bobAnonymous));

      // And the broken record is a dead letter naming where it was
      List<ConsumerRecord<String, DeadLetter>> dead =
          env.consumeUntil(
              Topics.DEAD_LETTERS.name(),
              Topics.DEAD_LETTERS.keySerde().deserializer(),
              Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
              records -> records.stream().anyMatch(r -> ("bad-" + run).equals(r.key())),
              TIMEOUT);
      assertThat(dead)
          .filteredOn(r -> ("bad-" + run).equals(r.key()))
          .singleElement()
          .satisfies(r -> assertThat(r.value().getTopic()).isEqualTo(Topics.SOCIAL_EVENTS.name()))
          .satisfies(r -> assertThat(r.value().getOffset()).isNotNull());

      // And every repartition topic has as many partitions as the visitor topics, so keys meet
      // their state
      var names =
          env.admin().listTopics().names().get().stream()
              .filter(t -> t.startsWith(appId) && t.endsWith("-repartition"))
              .toList();
      assertThat(names).hasSize(9);
      env.admin()
          .describeTopics(names)
          .allTopicNames()
          .get()
          .values()
          .forEach(t -> assertThat(t.partitions()).as(t.name()).hasSize(Topics.VISITOR_PARTITIONS));
    } finally {
      streams.close(Duration.ofSeconds(10));
    }
  }

  private static KafkaStreams start(KafkaTestEnvironment env, String appId) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("scoring-it").toString());
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

  private static WebEvent.Builder event(
      String anonymousId, String userId, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(UUID.randomUUID().toString())
        .setAnonymousId(anonymousId)
        .setUserId(userId)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("it")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name());
  }

  private static void send(KafkaProducer<String, WebEvent> producer, String key, WebEvent event)
      throws Exception {
    producer.send(new ProducerRecord<>(Topics.WEB_EVENTS.name(), key, event)).get();
  }
}
