package io.leadpipe.scoring.privacy;

import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.privacy.PrivacyRequestKind;
import io.leadpipe.schemas.privacy.PrivacyRequestStatus;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.identity.Hashing;
import io.leadpipe.scoring.identity.IdentityGroup;
import io.leadpipe.scoring.query.AvroJson;
import io.leadpipe.scoring.query.PublishedProfiles;
import io.leadpipe.scoring.topology.Stores;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Everything leadpipe knows about the person an id belongs to: the linked ids and merge records
 * (identity graph), the current profile with its segments, and what the visitor-keyed history
 * topics still hold for any of the ids (hesitations, segment changes, follow-up triggers and
 * decisions). The export itself is recorded on leadpipe.privacy-requests with the ids hashed. Reads
 * the identity graph's stores of this instance: run it on the instance hosting the graph's
 * partition (PrivacyController forwards there); the profile comes from a {@link ProfileSource},
 * which reads it where it lives.
 */
public final class PersonExport {

  /**
   * The export, in the contract's types (the HTTP layer renders them as JSON); the profile as JSON
   * values.
   */
  public record Export(
      String requestId,
      String canonicalId,
      List<String> linkedIds,
      Map<String, Object> profile,
      List<IdentityMerge> merges,
      List<Hesitation> hesitations,
      List<SegmentChange> segmentChanges,
      List<FollowupTrigger> followupTriggers,
      List<FollowupDecision> followupDecisions) {}

  /** A visitor's published profile (with segments) as JSON values, or null when there is none. */
  @FunctionalInterface
  public interface ProfileSource {
    Map<String, Object> profileOf(String visitorId);
  }

  private final KafkaStreams streams;
  private final ProfileSource profiles;
  private final TopicHistory history;
  private final Producer<String, PrivacyRequest> requests;
  private final Map<String, ?> registryConfig;
  private final Clock clock;

  public PersonExport(
      KafkaStreams streams,
      ProfileSource profiles,
      TopicHistory history,
      Producer<String, PrivacyRequest> requests,
      Map<String, ?> registryConfig,
      Clock clock) {
    this.streams = streams;
    this.profiles = profiles;
    this.history = history;
    this.requests = requests;
    this.registryConfig = registryConfig;
    this.clock = clock;
  }

  public Export export(String visitorId, String requestedBy)
      throws ExecutionException, InterruptedException {
    String canonical =
        Objects.requireNonNullElse(
            this.<String>store(Stores.IDENTITY_NODE_STORE).get(visitorId), visitorId);
    IdentityGroup group =
        Objects.requireNonNullElse(
            this.<IdentityGroup>store(Stores.IDENTITY_GROUP_STORE).get(canonical),
            IdentityGroup.of(canonical));
    ReadOnlyKeyValueStore<String, IdentityMerge> mergeStore = store(Stores.IDENTITY_MERGE_STORE);
    List<IdentityMerge> merges =
        group.mergeIds().stream().map(mergeStore::get).filter(Objects::nonNull).toList();
    Map<String, Object> profile = profiles.profileOf(canonical);
    List<String> ids = group.members();
    String requestId = "export-" + UUID.randomUUID();
    Export export =
        new Export(
            requestId,
            canonical,
            ids,
            profile,
            merges,
            history.read(Topics.HESITATIONS, ids, registryConfig),
            history.read(Topics.SEGMENT_CHANGES, ids, registryConfig),
            history.read(Topics.FOLLOWUP_TRIGGERS, ids, registryConfig),
            history.read(Topics.FOLLOWUP_DECISIONS, ids, registryConfig));
    var now = clock.instant();
    requests
        .send(
            new ProducerRecord<>(
                Topics.PRIVACY_REQUESTS.name(),
                requestId,
                PrivacyRequest.newBuilder()
                    .setRequestId(requestId)
                    .setKind(PrivacyRequestKind.EXPORT)
                    .setStatus(PrivacyRequestStatus.COMPLETED)
                    .setRequestedBy(requestedBy)
                    .setRequestedAt(now)
                    .setSubjectIdHash(Hashing.sha256(visitorId))
                    .setLinkedIdHashes(ids.stream().map(Hashing::sha256).toList())
                    .setCompletedAt(now)
                    .build()))
        .get();
    return export;
  }

  /** This instance's profile store (every profile when one instance runs them all). */
  public static ProfileSource localProfiles(KafkaStreams streams, PublishedProfiles published) {
    return id -> {
      ProspectProfile p =
          published.decode(
              streams
                  .store(
                      StoreQueryParameters.fromNameAndType(
                          Stores.PROFILE_STORE,
                          QueryableStoreTypes.<String, byte[]>keyValueStore()))
                  .get(id));
      return p == null ? null : AvroJson.of(p);
    };
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }
}
