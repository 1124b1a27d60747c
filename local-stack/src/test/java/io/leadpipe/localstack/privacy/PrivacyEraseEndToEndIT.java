package io.leadpipe.localstack.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.topology.NotifierStreamsConfig;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.app.StreamsApplications;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.service.security.AdminKeyCheck;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erase, end to end on the devkit broker: scoring-stream (profiles, identity graph, hesitation
 * detection, admin API) and the notifier's follow-up topology. A visitor identified with consent
 * hesitates and gets the first follow-up; the second is pending when an operator erases them.
 * Control visitors on the same clock show when the erased one's step or hesitation would have come.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class PrivacyEraseEndToEndIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** The erased visitor's second follow-up would be due this long after detection. */
  private static final Duration SECOND_STEP = Duration.ofSeconds(20);

  private static final Product SHOE =
      Product.newBuilder()
          .setProductId("shoe-1")
          .setName("Trail shoe")
          .setCategory("shoes")
          .setPrice(89.0)
          .setQuantity(1)
          .build();

  @Test
  void anErasedPersonLosesProfileHesitationAndPendingFollowUpsAndLaterEventsCreateNothing(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String anonymous = "anon-" + run;
    String erased = "user-" + run;
    String control = "control-" + run;
    String lateControl = "late-control-" + run;
    PolicyConfig policy =
        PolicyConfig.defaults()
            .withSequences(
                Map.of(
                    HesitationKind.CART_ABANDONED,
                    List.of(
                        new PolicyConfig.Step(StepType.REMINDER, Duration.ofSeconds(1)),
                        new PolicyConfig.Step(StepType.REASON_PLAY, SECOND_STEP))))
            .withGuardrails(
                100, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    KafkaStreams notifier =
        new KafkaStreams(
            new NotifierTopology(
                    new FollowupPolicy(policy, Clock.systemUTC()),
                    ValueSerdes.registry(env.registryConfig()),
                    d -> {},
                    Duration.ofMillis(200))
                .build(),
            NotifierStreamsConfig.of(
                env.bootstrapServers(),
                "privacy-e2e-notifier-" + run,
                Files.createTempDirectory("privacy-e2e-notifier").toString(),
                Duration.ofMillis(100),
                env.registryConfig()));
    try (ScoringApp app =
            ScoringApp.start(
                env,
                "privacy-e2e-" + run,
                Map.of(
                    "leadpipe.hesitations.cart-idle", "3s", "leadpipe.hesitations.tick", "250ms"));
        var web =
            env.producer(
                new StringSerializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
        var identities =
            env.producer(
                new StringSerializer(),
                Topics.IDENTITIES.valueSerde(env.registryConfig()).serializer())) {
      notifier.start();
      app.awaitReady();
      await("notifier running")
          .atMost(PATIENCE)
          .until(() -> notifier.state() == KafkaStreams.State.RUNNING);

      // Given a visitor who browsed anonymously, logged in with e-mail consent and left a cart
      Instant now = Instant.now();
      identify(identities, anonymous, erased, now);
      identify(identities, null, control, now);
      cartAdd(web, anonymous, erased, now.plusSeconds(1));
      await("first follow-up of " + erased)
          .atMost(PATIENCE)
          .until(() -> !triggers(env, erased).isEmpty());
      // ... and a control visitor leaving a cart a little later, so their second step comes after
      // the erased one's
      cartAdd(web, null, control, Instant.now());
      assertThat(triggers(env, erased)).extracting(FollowupTrigger::getStep).containsExactly(1);

      // When an operator erases the person by their anonymous id, while the second follow-up is
      // pending
      HttpResponse<String> erase =
          app.send(
              HttpRequest.newBuilder(app.uri("/admin/privacy/erase/" + anonymous))
                  .header(AdminKeyCheck.ADMIN_KEY_HEADER, ScoringApp.ADMIN_KEY)
                  .header("X-Operator", "dpo")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(erase.statusCode()).as(erase.body()).isEqualTo(202);
      Instant erasedAt = Instant.now();

      // Then the request is recorded, hashed, and the person's profile (published under the user
      // id) is tombstoned
      PrivacyRequest request =
          first(
                  env,
                  Topics.PRIVACY_REQUESTS,
                  r ->
                      r.value() != null
                          && r.value().getSubjectIdHash().equals(Hashes.sha256(anonymous)))
              .value();
      assertThat(request.getLinkedIdHashes())
          .containsExactlyInAnyOrder(Hashes.sha256(anonymous), Hashes.sha256(erased));
      first(env, Topics.PROSPECT_PROFILES, r -> r.key().equals(erased) && r.value() == null);
      // And the notifier has nothing pending or kept for the id, and the hesitation detector no
      // episode
      await("notifier forgot " + erased)
          .atMost(PATIENCE)
          .until(
              () ->
                  notifierStore(notifier, NotifierTopology.SEQUENCE_STORE).get(erased) == null
                      && notifierStore(notifier, NotifierTopology.SUPPRESSION_STORE)
                              .get(Hashes.sha256(erased))
                          != null);
      try (var pending = notifierStore(notifier, NotifierTopology.SCHEDULE_STORE).all()) {
        pending.forEachRemaining(
            kv -> assertThat(kv.value).as("pending step").isNotEqualTo(erased));
      }
      KafkaStreams hesitations =
          app.context()
              .getBean(ManagedStreams.class, Qualifiers.byName(StreamsApplications.HESITATIONS))
              .streams()
              .orElseThrow();
      await("hesitation state of " + erased + " gone")
          .atMost(PATIENCE)
          .until(
              () ->
                  hesitationStore(hesitations, HesitationTopology.INTENT_STORE).get(erased) == null
                      && hesitationStore(hesitations, HesitationTopology.SUPPRESSION_STORE)
                              .get(Hashes.sha256(erased))
                          != null);

      // When the control's second step has gone out (after the erased one's would have been due)
      await("second follow-up of " + control)
          .atMost(PATIENCE)
          .until(() -> triggers(env, control).size() == 2);
      // Then the erased visitor got no further follow-up
      assertThat(triggers(env, erased)).extracting(FollowupTrigger::getStep).containsExactly(1);

      // When the erased id comes back and leaves a cart again, next to a late control visitor
      Instant back = Instant.now();
      cartAdd(web, null, erased, back);
      identify(identities, null, lateControl, back);
      cartAdd(web, null, lateControl, back);
      await("hesitation of " + lateControl)
          .atMost(PATIENCE)
          .until(() -> !hesitationsOf(env, lateControl).isEmpty());
      // Then it creates nothing: no new hesitation, no profile, no follow-up, and the inputs were
      // counted as suppressed
      List<Hesitation> erasedHesitations = hesitationsOf(env, erased);
      assertThat(erasedHesitations).allMatch(h -> h.getDetectedAt().isBefore(erasedAt));
      List<ConsumerRecord<String, ProspectProfile>> profiles = all(env, Topics.PROSPECT_PROFILES);
      ConsumerRecord<String, ProspectProfile> lastOfErased =
          profiles.stream().filter(r -> r.key().equals(erased)).reduce((a, b) -> b).orElseThrow();
      assertThat(lastOfErased.value())
          .as("the last profile record of the erased id is its tombstone")
          .isNull();
      assertThat(profiles)
          .filteredOn(r -> r.key().equals(anonymous))
          .as("the anonymous id never had a profile of its own")
          .allMatch(r -> r.value() == null);
      List<FollowupTrigger> toErased = triggers(env, erased);
      long afterErase = toErased.stream().filter(t -> t.getCreatedAt().isAfter(erasedAt)).count();
      assertThat(toErased).hasSize(1);
      assertThat(afterErase).isZero();
      double suppressed = suppressed(hesitations);
      assertThat(suppressed)
          .as("events of the erased id dropped by hesitation detection")
          .isPositive();

      System.out.printf(
          "[privacy-e2e] erase request %s by %s: %d linked ids hashed; the person's profile tombstoned%n",
          request.getRequestId(), request.getRequestedBy(), request.getLinkedIdHashes().size());
      System.out.printf(
          "[privacy-e2e] follow-ups to the erased id: %d before the erase, %d after (control got %d)%n",
          toErased.size() - afterErase, afterErase, triggers(env, control).size());
      System.out.printf(
          "[privacy-e2e] hesitations of the erased id: %d, all detected before the erase; "
              + "%.0f later events dropped by hesitation detection; notifier and detector state: none%n",
          erasedHesitations.size(), suppressed);
    } finally {
      notifier.close(Duration.ofSeconds(30));
    }
  }

  private static void identify(
      Producer<String, IdentityEvent> identities, String anonymousId, String userId, Instant at)
      throws Exception {
    Traits traits =
        Traits.newBuilder()
            .setEmail(userId + "@shop.example.de")
            .setConsent(
                Map.of(
                    "email",
                    ChannelConsent.newBuilder()
                        .setStatus(ConsentStatus.GRANTED)
                        .setUpdatedAt(at)
                        .build()))
            .build();
    identities
        .send(
            new ProducerRecord<>(
                Topics.IDENTITIES.name(),
                userId,
                IdentityEvent.newBuilder()
                    .setMessageId("i-" + UUID.randomUUID())
                    .setKind(IdentityKind.IDENTIFY)
                    .setAnonymousId(anonymousId)
                    .setUserId(userId)
                    .setEventTime(at)
                    .setReceivedAt(at)
                    .setSource("it")
                    .setTraits(traits)
                    .build()))
        .get();
  }

  private static void cartAdd(
      Producer<String, WebEvent> web, String anonymousId, String userId, Instant at)
      throws Exception {
    web.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                userId,
                WebEvent.newBuilder()
                    .setMessageId("w-" + UUID.randomUUID())
                    .setAnonymousId(anonymousId)
                    .setUserId(userId)
                    .setEventTime(at)
                    .setReceivedAt(at)
                    .setSource("it")
                    .setContext(EventContext.newBuilder().build())
                    .setType(WebEventType.CART_ADD)
                    .setName("Product Added")
                    .setProduct(SHOE)
                    .build()))
        .get();
  }

  private static List<FollowupTrigger> triggers(KafkaTestEnvironment env, String visitor) {
    return all(env, Topics.FOLLOWUP_TRIGGERS).stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  private static List<Hesitation> hesitationsOf(KafkaTestEnvironment env, String visitor) {
    return all(env, Topics.HESITATIONS).stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  /**
   * Everything committed on the topic up to now: read from the beginning up to the end offsets
   * taken first.
   */
  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> all(
      KafkaTestEnvironment env, Topic<V> topic) {
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        env.consumer(
            "privacy-e2e-" + UUID.randomUUID(),
            topic.keySerde().deserializer(),
            topic.valueSerde(env.registryConfig()).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("read " + topic.name() + " to its end")
          .atMost(PATIENCE)
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return out;
  }

  private static <V extends SpecificRecord> ConsumerRecord<String, V> first(
      KafkaTestEnvironment env, Topic<V> topic, Predicate<ConsumerRecord<String, V>> match) {
    return env
        .consumeUntil(
            topic.name(),
            topic.keySerde().deserializer(),
            topic.valueSerde(env.registryConfig()).deserializer(),
            records -> records.stream().anyMatch(match),
            PATIENCE)
        .stream()
        .filter(match)
        .findFirst()
        .orElseThrow();
  }

  private static <V> ReadOnlyKeyValueStore<String, V> notifierStore(
      KafkaStreams notifier, String name) {
    return notifier.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  private static <V> ReadOnlyKeyValueStore<String, V> hesitationStore(
      KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  private static double suppressed(KafkaStreams streams) {
    return streams.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("suppressed-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }
}
