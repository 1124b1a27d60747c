package io.leadpipe.schemas.topics;

import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_COMPACT;
import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_DELETE;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.deadletter.DeadLetterReplay;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.followup.StrategyExposure;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.identity.IdentityCommand;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.web.WebEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The topic catalogue: the only place topic names are written. */
public final class Topics {

  /**
   * Default partition count for per-visitor topics: the upper bound on parallel instances. What the
   * local stack and tests create; a deployment sets its own ({@link
   * #DEPLOYMENT_VISITOR_PARTITIONS}).
   */
  public static final int VISITOR_PARTITIONS = 6;

  /**
   * Partitions of per-visitor topics in a deployment unless it sets {@code
   * LEADPIPE_VISITOR_PARTITIONS} (docker compose) or generates its Kubernetes topics with another
   * count: room for up to this many instances per service, because adding partitions to a keyed
   * topic later moves visitors and means new topics (docs/deployment.md).
   */
  public static final int DEPLOYMENT_VISITOR_PARTITIONS = 24;

  public static final Topic<WebEvent> WEB_EVENTS =
      new Topic<>(
          "leadpipe.web-events",
          Topic.Key.VISITOR_ID,
          WebEvent.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "Web behaviour from the tracking snippet and server-side calls, keyed by visitor id.");
  public static final Topic<SocialEvent> SOCIAL_EVENTS =
      new Topic<>(
          "leadpipe.social-events",
          Topic.Key.VISITOR_ID,
          SocialEvent.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "Social interactions with the brand (follow, like, comment, share, mention, message, referral click).");
  public static final Topic<IdentityEvent> IDENTITIES =
      new Topic<>(
          "leadpipe.identities",
          Topic.Key.VISITOR_ID,
          IdentityEvent.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "identify (traits, consent), alias and group calls.");
  public static final Topic<ProspectProfile> PROSPECT_PROFILES =
      new Topic<>(
          "leadpipe.prospect-profiles",
          Topic.Key.VISITOR_ID,
          ProspectProfile.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_COMPACT,
          "The current prospect profile per visitor: scores, lead types, stage, segments, explanation.");
  public static final Topic<SegmentChange> SEGMENT_CHANGES =
      new Topic<>(
          "leadpipe.segment-changes",
          Topic.Key.VISITOR_ID,
          SegmentChange.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "A visitor ENTERED or EXITED a segment.");
  public static final Topic<Hesitation> HESITATIONS =
      new Topic<>(
          "leadpipe.hesitations",
          Topic.Key.VISITOR_ID,
          Hesitation.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "Hesitating buyers detected, resolved or closed, with likely reasons and evidence.");
  public static final Topic<FollowupTrigger> FOLLOWUP_TRIGGERS =
      new Topic<>(
          "leadpipe.followup-triggers",
          Topic.Key.VISITOR_ID,
          FollowupTrigger.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "Follow-ups for marketing systems to send.");
  public static final Topic<FollowupDecision> FOLLOWUP_DECISIONS =
      new Topic<>(
          "leadpipe.followup-decisions",
          Topic.Key.VISITOR_ID,
          FollowupDecision.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "Why each follow-up was sent, delayed, suppressed or cancelled; buyers recovered by a play.");
  public static final Topic<FollowupDelivery> FOLLOWUP_DELIVERIES =
      new Topic<>(
          "leadpipe.followup-deliveries",
          Topic.Key.VISITOR_ID,
          FollowupDelivery.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "What became of each follow-up at each webhook endpoint: DELIVERED (2xx) or FAILED.");

  /**
   * Keyed by strategy id so one task sums a strategy; one partition, since strategies are few and
   * each change is small.
   */
  public static final Topic<StrategyExposure> STRATEGY_EXPOSURES =
      new Topic<>(
          "leadpipe.strategy-exposures",
          Topic.Key.STRATEGY_ID,
          StrategyExposure.class,
          1,
          CLEANUP_POLICY_DELETE,
          "Changes of visitors' contributions to a strategy's results (assigned, converted, revenue, delivered), without visitor ids.");

  public static final Topic<StrategyResult> STRATEGY_RESULTS =
      new Topic<>(
          "leadpipe.strategy-results",
          Topic.Key.STRATEGY_ID,
          StrategyResult.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "The results of each strategy per arm, reason and segment, with uplift against the holdout and its confidence interval.");
  public static final Topic<SegmentDefinition> SEGMENT_DEFINITIONS =
      new Topic<>(
          "leadpipe.segment-definitions",
          Topic.Key.SEGMENT_ID,
          SegmentDefinition.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "Operator-defined segments, keyed by segment id; read by scoring-stream as a global table.");
  public static final Topic<FollowupStrategy> FOLLOWUP_STRATEGIES =
      new Topic<>(
          "leadpipe.followup-strategies",
          Topic.Key.STRATEGY_ID,
          FollowupStrategy.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "Follow-up strategies per audience with their holdout and variants, keyed by strategy id; read by notifier-service as a global table.");
  public static final Topic<DeadLetter> DEAD_LETTERS =
      new Topic<>(
          "leadpipe.dead-letters",
          Topic.Key.ORIGINAL_KEY,
          DeadLetter.class,
          3,
          CLEANUP_POLICY_DELETE,
          "Rejected input with the reason and the original bytes, keyed by the original key.");
  public static final Topic<DeadLetterReplay> DEAD_LETTER_REPLAYS =
      new Topic<>(
          "leadpipe.dead-letter-replays",
          Topic.Key.DEAD_LETTER_ID,
          DeadLetterReplay.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "The ledger of dead letters replayed by ingest's admin API, keyed by the dead letter's partition/offset.");
  public static final Topic<IdentityMerge> IDENTITY_MERGES =
      new Topic<>(
          "leadpipe.identity-merges",
          Topic.Key.MERGE_ID,
          IdentityMerge.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "Identity stitching decisions: ids merged into one visitor, merges refused by a guardrail, merges undone.");
  public static final Topic<IdentityCommand> IDENTITY_COMMANDS =
      new Topic<>(
          "leadpipe.identity-commands",
          Topic.Key.ORIGINAL_KEY,
          IdentityCommand.class,
          1,
          CLEANUP_POLICY_DELETE,
          "Operators' commands to the identity graph: undo a merge, erase a person.");
  public static final Topic<PrivacyRequest> PRIVACY_REQUESTS =
      new Topic<>(
          "leadpipe.privacy-requests",
          Topic.Key.REQUEST_ID,
          PrivacyRequest.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "The record of export and erase requests: who, when, which ids (hashed).");

  /**
   * Long enough for an application to be down over a weekend and still erase; the keys are raw ids,
   * so not longer.
   */
  public static final Duration PRIVACY_ERASURE_RETENTION = Duration.ofDays(7);

  public static final Topic<PrivacyErasure> PRIVACY_ERASURES =
      new Topic<>(
          "leadpipe.privacy-erasures",
          Topic.Key.VISITOR_ID,
          PrivacyErasure.class,
          VISITOR_PARTITIONS,
          CLEANUP_POLICY_DELETE,
          "An erased visitor id: every application deletes what it keeps for the key and drops its later input.",
          PRIVACY_ERASURE_RETENTION);

  // Propensity (docs/scoring.md): snapshots whose horizon passed go to one trainer; its models are
  // read back by every instance.
  public static final Topic<PropensityExample> PROPENSITY_EXAMPLES =
      new Topic<>(
          "leadpipe.propensity-examples",
          Topic.Key.MODEL_NAME,
          PropensityExample.class,
          1,
          CLEANUP_POLICY_DELETE,
          "Training examples for the purchase propensity model: a profile snapshot's features and whether the visitor bought within the horizon; no visitor id.");
  public static final Topic<PropensityModel> PROPENSITY_MODELS =
      new Topic<>(
          "leadpipe.propensity-models",
          Topic.Key.MODEL_NAME,
          PropensityModel.class,
          1,
          CLEANUP_POLICY_COMPACT,
          "Purchase propensity model versions with their holdout calibration and AUC; read by scoring-stream as a global table.");

  private static final List<Topic<?>> ALL =
      List.of(
          WEB_EVENTS,
          SOCIAL_EVENTS,
          IDENTITIES,
          PROSPECT_PROFILES,
          SEGMENT_CHANGES,
          HESITATIONS,
          FOLLOWUP_TRIGGERS,
          FOLLOWUP_DECISIONS,
          FOLLOWUP_DELIVERIES,
          STRATEGY_EXPOSURES,
          STRATEGY_RESULTS,
          SEGMENT_DEFINITIONS,
          FOLLOWUP_STRATEGIES,
          DEAD_LETTERS,
          DEAD_LETTER_REPLAYS,
          IDENTITY_MERGES,
          IDENTITY_COMMANDS,
          PRIVACY_REQUESTS,
          PRIVACY_ERASURES,
          PROPENSITY_EXAMPLES,
          PROPENSITY_MODELS);

  private Topics() {}

  public static List<Topic<?>> all() {
    return ALL;
  }

  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
