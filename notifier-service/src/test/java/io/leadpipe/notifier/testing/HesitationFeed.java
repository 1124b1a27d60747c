package io.leadpipe.notifier.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a hesitating visitor the way the pipeline does: scoring-stream's consenting profile,
 * then hesitation-stream's detection a millisecond later.
 *
 * <p>Both records carry explicit timestamps because Kafka Streams reads the records of different
 * topics in timestamp order and leaves a tie to chance: a notifier restarted with the visitor's
 * first step already due could otherwise read the hesitation first, fire the step at its next tick
 * and find no consent yet (SUPPRESSED {@code NO_CONSENT}), where the pipeline itself always has the
 * profile first.
 */
public final class HesitationFeed implements AutoCloseable {

  private final KafkaProducer<String, ProspectProfile> profiles;
  private final KafkaProducer<String, Hesitation> hesitations;

  public HesitationFeed(KafkaTestEnvironment env) {
    this.profiles =
        env.producer(
            Topics.PROSPECT_PROFILES.keySerde().serializer(),
            Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
    this.hesitations =
        env.producer(
            Topics.HESITATIONS.keySerde().serializer(),
            Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer());
  }

  /**
   * The visitor's consenting profile now and their hesitation {@code hesitationId} detected a
   * millisecond later, each acknowledged before this returns.
   */
  public void publish(
      String visitor, String hesitationId, HesitationKind kind, HesitationReason reason)
      throws InterruptedException, ExecutionException {
    long profiledAt = System.currentTimeMillis();
    long detectedAt = profiledAt + 1;
    profiles
        .send(
            new ProducerRecord<>(
                Topics.PROSPECT_PROFILES.name(),
                null,
                profiledAt,
                visitor,
                Fixtures.consenting(visitor, "UTC")))
        .get();
    hesitations
        .send(
            new ProducerRecord<>(
                Topics.HESITATIONS.name(),
                null,
                detectedAt,
                visitor,
                Fixtures.detected(
                    visitor, hesitationId, kind, reason, Instant.ofEpochMilli(detectedAt))))
        .get();
  }

  @Override
  public void close() {
    profiles.close();
    hesitations.close();
  }
}
