package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.propensity.Profiles;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A match preview over two instances: this one evaluates the rule over its sample, the other is
 * POSTed the same body for its partitions and answers its share; the shares add up before the
 * estimate, which is exact only when every partition's sample held all its profiles.
 */
class MatchPreviewListingsTest {

  private static final String RULE =
      "{\"rule\":{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"CUSTOMER\"}}";

  private final JsonMapper json = JsonMapper.createDefault();
  private final QuerySettings settings =
      QuerySettingsTest.with(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1));
  private final Peers peers = new Peers(settings, json);
  private SharePeer other;

  @AfterEach
  void stop() {
    other.close();
    peers.close();
  }

  /** Partition 0 here: a customer and a visitor, both in the sample. */
  private static final class Here extends PlacedLocalProfiles {

    Here(TreeMap<Integer, Replicas> placement) {
      super(placement);
    }

    @Override
    public PartitionRead<PreviewShare> preview(
        Collection<Integer> partitions,
        boolean allowStale,
        Predicate<ProspectProfile> matcher,
        int perPartition) {
      ProspectProfile visitor = Profiles.at(Instant.EPOCH, 10, null);
      ProspectProfile customer =
          ProspectProfile.newBuilder(visitor).setStage(LifecycleStage.CUSTOMER).build();
      long matched = List.of(visitor, customer).stream().filter(matcher).count();
      return new PartitionRead<>(
          new PreviewShare(2, 2, matched),
          Collections.unmodifiableSortedSet(new TreeSet<>(partitions)),
          Collections.unmodifiableSortedSet(new TreeSet<>()));
    }
  }

  @Test
  void theOtherInstanceIsPostedTheRuleAndTheSharesAddUpBeforeTheEstimate() throws IOException {
    // The other instance: partition 1, 98 profiles, 10 of them sampled, 5 of those matching.
    other = SharePeer.answering(json, new PreviewShare(98, 10, 5));
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(PlacedLocalProfiles.SELF, List.of()));
    placement.put(1, new LocalProfiles.Replicas(other.host(), List.of()));
    Listings listings =
        new Listings(new Here(placement), peers, settings, null, ScoringConfig.defaults());

    MatchPreview preview =
        listings.preview(
            QueryController.SEGMENT_PREVIEW,
            RULE,
            PreviewRequest.segment(RULE, java.time.Clock.systemUTC()),
            null);

    assertThat(other.requests()).containsExactly("POST /v1/segments/preview " + RULE);
    assertThat(preview.profiles()).isEqualTo(100);
    assertThat(preview.sampled()).isEqualTo(12);
    assertThat(preview.matched()).isEqualTo(6);
    assertThat(preview.exact()).isFalse();
    assertThat(preview.estimate()).isEqualTo(50);
    assertThat(preview.lower()).isBetween(6L, 50L);
    assertThat(preview.upper()).isBetween(50L, 94L);
    assertThat(preview.coverage()).isEqualTo(new Coverage(2, List.of(), List.of()));
  }
}
