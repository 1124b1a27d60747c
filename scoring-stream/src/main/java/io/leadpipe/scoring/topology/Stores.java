package io.leadpipe.scoring.topology;

/**
 * The scoring application's name and the names of its state stores: what the processors, the query
 * API, the identity and privacy endpoints and the tests read. {@link ProspectTopology} declares the
 * stores under these names and wires them; its repartition topics stay private to it. (Not Kafka's
 * {@code org.apache.kafka.streams.state.Stores}, which builds them.)
 */
public final class Stores {

  /**
   * The scoring application: its {@code ManagedStreams} bean is named so, and these stores are its
   * stores.
   */
  public static final String SCORING = "scoring";

  public static final String PROFILE_STATE_STORE = "profile-state-store";
  public static final String SEGMENT_DEFINITIONS_STORE = "segment-definitions-store";

  /**
   * Per task (keyed by its partition): how far re-evaluating the profiles after a definition change
   * has come, and the definition versions the memberships reflect.
   */
  public static final String SEGMENT_REEVALUATION_STORE = "segment-reevaluation-store";

  /**
   * The latest published profile (with segments) per visitor, as the Avro bytes sent to the topic:
   * what the query API reads ({@code query.PublishedProfiles} decodes them).
   */
  public static final String PROFILE_STORE = "prospect-profile-store";

  /**
   * Visitors whose state changed since their profile was last published → what caused the latest
   * change. Emptied at each publish, so it holds at most one commit interval's visitors.
   */
  public static final String PENDING_PROFILE_STORE = "pending-profile-store";

  /**
   * Per task: counter key ({@code dimension|value}, query.TallyRules) → visitors counted under it;
   * what segment sizes, funnel, audience and listing totals are read from instead of the profiles.
   */
  public static final String TALLY_STORE = "tally-store";

  /**
   * Per visitor: what it is counted under now in the query counters, the prospect index and the
   * forecast sums (tally.VisitorTally, rewritten only when it changes), so its next profile or its
   * retirement adjusts exactly those; that it exists says the visitor is in the preview sample.
   * Segment evaluation reads a visitor's previous membership here (the segments in its facets).
   */
  public static final String TALLY_VISITOR_STORE = "tally-visitor-store";

  /**
   * Per task: {@code <sort>|<score, in descending order>|<visitorId>} → the visitor's facets, what
   * a filter reads (query.ProspectIndex): top prospects are found from the top of it, their rows
   * read from {@link #PROFILE_STORE}.
   */
  public static final String PROSPECT_INDEX_STORE = "prospect-index-store";

  /**
   * Per task: one key per profile, {@code <hash of the visitor id>|<visitorId>}
   * (query.PreviewSample), so the first keys in order are a uniform sample of the task's profiles:
   * what the match preview evaluates a rule over, reading the rows from {@link #PROFILE_STORE}.
   */
  public static final String PREVIEW_SAMPLE_STORE = "preview-sample-store";

  /** Referral code → the visitor who owns it (first to share with it). */
  public static final String REFERRAL_CODE_STORE = "referral-code-store";

  /** (code, referred visitor) → what the code's owner has been credited for that visitor. */
  public static final String REFERRAL_LEDGER_STORE = "referral-ledger-store";

  /**
   * Identity graph (one partition): id → canonical id, canonical id → person, match key → owner,
   * merge records.
   */
  public static final String IDENTITY_NODE_STORE = "identity-node-store";

  public static final String IDENTITY_GROUP_STORE = "identity-group-store";
  public static final String IDENTITY_MATCH_STORE = "identity-match-store";
  public static final String IDENTITY_MERGE_STORE = "identity-merge-store";

  /** Per visitor partition: linked id → canonical id (a canonical id with members → itself). */
  public static final String IDENTITY_ROUTE_STORE = "identity-route-store";

  /** Per canonical id: each member's own state, and the merged state (for its score history). */
  public static final String IDENTITY_MEMBER_STORE = "identity-member-store";

  public static final String IDENTITY_MERGED_STORE = "identity-merged-store";

  /**
   * Anonymous visitors' retention timers, time-indexed ({@code ScheduleKey}: due ms|visitor →
   * visitor), so what is due is one range scan.
   */
  public static final String RETENTION_SCHEDULE_STORE = "retention-schedule-store";

  /** Visitor → the due time of their one entry in {@link #RETENTION_SCHEDULE_STORE}. */
  public static final String RETENTION_DUE_STORE = "retention-due-store";

  /**
   * Each visitor's timer at the next moment their profile changes with time alone (timing package),
   * time-indexed like the retention schedule ({@code ScheduleKey}: due ms|visitor).
   */
  public static final String TIME_SCHEDULE_STORE = "time-schedule-store";

  /** Visitor → the due time of their one entry in {@link #TIME_SCHEDULE_STORE}. */
  public static final String TIME_DUE_STORE = "time-due-store";

  /** Visitor → their open purchase snapshot (propensity package): features frozen, label open. */
  public static final String PROPENSITY_SNAPSHOT_STORE = "propensity-snapshot-store";

  /**
   * When each open snapshot closes (its horizon end plus the grace), time-indexed ({@code
   * ScheduleKey}: due ms|visitor → visitor).
   */
  public static final String PROPENSITY_SCHEDULE_STORE = "propensity-schedule-store";

  /** The trainer's state (serving version, learning candidate, holdout), by model name. */
  public static final String PROPENSITY_TRAINER_STORE = "propensity-trainer-store";

  /** Global: every published model record, by model name and by name/version. */
  public static final String PROPENSITY_MODEL_STORE = "propensity-model-store";

  /**
   * Per task: forecast group ({@code all}, {@code segment|<id>}) → the sums of its visitors'
   * propensity × expected order value (forecast package), what the forecast is read from.
   */
  public static final String FORECAST_STORE = "forecast-store";

  /**
   * Per task: UTC day of the snapshot ({@code 2026-11-02}) → forecast against outcome of the
   * snapshots of that day closed so far (forecast package).
   */
  public static final String BACKTEST_STORE = "backtest-store";

  /** SHA-256 of every erased id: their new input is dropped before aggregation. */
  public static final String SUPPRESSION_STORE = "privacy-suppression-store";

  /**
   * The key every claim and command has on the graph's one partition: the identity graph's stores
   * live on the host that owns this key.
   */
  public static final String GRAPH_KEY = "identity-graph";

  private Stores() {}
}
