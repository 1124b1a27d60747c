package io.leadpipe.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void the_catalogue_holds_exactly_the_contract_topics() {
    assertThat(Topics.all())
        .extracting(Topic::name)
        .containsExactly(
            "leadpipe.web-events",
            "leadpipe.social-events",
            "leadpipe.identities",
            "leadpipe.prospect-profiles",
            "leadpipe.segment-changes",
            "leadpipe.hesitations",
            "leadpipe.followup-triggers",
            "leadpipe.followup-decisions",
            "leadpipe.followup-deliveries",
            "leadpipe.strategy-exposures",
            "leadpipe.strategy-results",
            "leadpipe.segment-definitions",
            "leadpipe.followup-strategies",
            "leadpipe.dead-letters",
            "leadpipe.dead-letter-replays",
            "leadpipe.identity-merges",
            "leadpipe.identity-commands",
            "leadpipe.privacy-requests",
            "leadpipe.privacy-erasures",
            "leadpipe.propensity-examples",
            "leadpipe.propensity-models");
  }

  @Test
  void current_state_topics_are_compacted_and_event_topics_are_not() {
    assertThat(Topics.all())
        .filteredOn(Topic::compacted)
        .containsExactlyInAnyOrder(
            Topics.PROSPECT_PROFILES,
            Topics.SEGMENT_DEFINITIONS,
            Topics.DEAD_LETTER_REPLAYS,
            Topics.FOLLOWUP_STRATEGIES,
            Topics.STRATEGY_RESULTS,
            Topics.IDENTITY_MERGES,
            Topics.PRIVACY_REQUESTS,
            Topics.PROPENSITY_MODELS);
  }

  @Test
  void a_partition_override_applies_to_visitor_keyed_topics_only() {
    NewTopic events = Topics.WEB_EVENTS.newTopic(Optional.of(12), (short) 1);
    NewTopic definitions = Topics.SEGMENT_DEFINITIONS.newTopic(Optional.of(12), (short) 1);

    assertThat(events.numPartitions()).isEqualTo(12);
    assertThat(definitions.numPartitions()).isEqualTo(1);
    assertThat(definitions.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
  }

  @Test
  void erasures_expire_after_their_retention_and_other_topics_keep_the_broker_default() {
    assertThat(Topics.PRIVACY_ERASURES.newTopic(Optional.empty(), (short) 1).configs())
        .containsEntry(
            TopicConfig.RETENTION_MS_CONFIG,
            Long.toString(Topics.PRIVACY_ERASURE_RETENTION.toMillis()))
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    assertThat(Topics.all())
        .filteredOn(t -> t.retention() != null)
        .containsExactly(Topics.PRIVACY_ERASURES);
    assertThat(Topics.WEB_EVENTS.newTopic(Optional.empty(), (short) 1).configs())
        .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
  }

  @Test
  void topics_are_found_by_name() {
    assertThat(Topics.byName("leadpipe.hesitations")).contains(Topics.HESITATIONS);
    assertThat(Topics.byName("leadpipe.nope")).isEmpty();
  }
}
