package io.leadpipe.dashboard.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.followups.FollowupOutcomes;
import io.leadpipe.dashboard.followups.VisitorFollowups;
import io.leadpipe.dashboard.reasons.ReasonTally;
import io.leadpipe.dashboard.reasons.SegmentMemberships;
import io.leadpipe.dashboard.reasons.SurveyAnswers;
import io.leadpipe.dashboard.segments.SegmentSizeHistory;
import io.leadpipe.dashboard.segments.SegmentSizes;
import io.leadpipe.dashboard.support.TimeSeries;
import io.leadpipe.dashboard.traffic.GroupLag;
import io.leadpipe.dashboard.traffic.TopicRates;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's live statistics, fed with contract records (no Kafka types) and read as one
 * snapshot:
 *
 * <ul>
 *   <li>segment change ENTERED/EXITED → the visitor's segments (bounded);
 *   <li>hesitation DETECTED → its primary reason, overall and under each segment of the visitor;
 *   <li>FEEDBACK_ANSWER web event → the stated reason likewise, and the comment;
 *   <li>follow-up decision → sent / suppressed / delayed / cancelled / recovered;
 *   <li>end offsets and consumer lag, and the query API's segment sizes, funnel and audience,
 *       sampled.
 * </ul>
 */
public final class DashboardStats {
  /** Defaults of {@code leadpipe.dashboard.followup-visitors} and {@code decisions-per-visitor}. */
  public static final int DEFAULT_FOLLOWUP_VISITORS = 10_000;

  public static final int DEFAULT_DECISIONS_PER_VISITOR = 5;

  private final Instant countingSince;
  private final SegmentMemberships memberships;
  private final ReasonTally hesitationReasons;
  private final SurveyAnswers survey;
  private final FollowupOutcomes followups = new FollowupOutcomes();
  private final VisitorFollowups visitorFollowups;
  private final TopicRates topicRates;
  private final SegmentSizeHistory segmentSizes;
  private final AtomicLong recordsRead = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private volatile List<GroupLag> consumerLag = List.of();
  private volatile boolean segmentSizesAvailable;

  /**
   * Segment names as the query API last gave them (current definitions); segment changes fill the
   * gaps.
   */
  private volatile Map<String, String> segmentNames = Map.of();

  private volatile JsonNode funnel;
  private volatile JsonNode audience;

  public DashboardStats(
      Instant countingSince,
      int historySize,
      int maxTrackedVisitors,
      int maxSegments,
      int recentComments) {
    this(
        countingSince,
        historySize,
        maxTrackedVisitors,
        maxSegments,
        recentComments,
        DEFAULT_FOLLOWUP_VISITORS,
        DEFAULT_DECISIONS_PER_VISITOR);
  }

  /**
   * @param followupVisitors visitors whose latest follow-up decisions are kept for the prospect
   *     page
   * @param decisionsPerVisitor how many of each one's decisions
   */
  public DashboardStats(
      Instant countingSince,
      int historySize,
      int maxTrackedVisitors,
      int maxSegments,
      int recentComments,
      int followupVisitors,
      int decisionsPerVisitor) {
    this.visitorFollowups = new VisitorFollowups(followupVisitors, decisionsPerVisitor);
    this.countingSince = countingSince;
    this.memberships = new SegmentMemberships(maxTrackedVisitors, maxSegments);
    this.hesitationReasons = new ReasonTally(maxSegments);
    this.survey = new SurveyAnswers(maxSegments, recentComments);
    this.topicRates = new TopicRates(historySize);
    this.segmentSizes = new SegmentSizeHistory(historySize);
  }

  public void onSegmentChange(SegmentChange change) {
    recordsRead.incrementAndGet();
    String segmentName = change.getSegmentName();
    if (change.getChange() == SegmentChangeType.ENTERED) {
      memberships.entered(change.getVisitorId(), change.getSegmentId(), segmentName);
    } else {
      memberships.exited(change.getVisitorId(), change.getSegmentId(), segmentName);
    }
  }

  /**
   * Counts each hesitation once, when detected; its RESOLVED/CLOSED follow-ups carry the same
   * reasons.
   */
  public void onHesitation(Hesitation hesitation) {
    recordsRead.incrementAndGet();
    if (hesitation.getStatus() == HesitationStatus.DETECTED) {
      hesitationReasons.count(
          hesitation.getPrimaryReason().name(), memberships.segmentsOf(hesitation.getVisitorId()));
    }
  }

  /** Only survey answers matter here; other web events are read past. */
  public void onWebEvent(WebEvent event) {
    recordsRead.incrementAndGet();
    FeedbackAnswer answer = event.getFeedback();
    if (event.getType() == WebEventType.FEEDBACK_ANSWER && answer != null) {
      survey.answered(
          event.getEventTime(),
          answer.getStatedReason().name(),
          answer.getComment(),
          memberships.segmentsOf(VisitorId.of(event.getUserId(), event.getAnonymousId())));
    }
  }

  public void onDecision(FollowupDecision decision) {
    recordsRead.incrementAndGet();
    visitorFollowups.decided(
        decision.getVisitorId(),
        new VisitorFollowups.Decision(
            decision.getDecidedAt(),
            decision.getOutcome().name(),
            decision.getReason().name(),
            decision.getPlay() == null ? null : decision.getPlay().name(),
            decision.getStep(),
            decision.getChannel(),
            decision.getHesitationReason().name(),
            decision.getStrategyId(),
            decision.getStrategyVersion(),
            decision.getVariantId(),
            decision.getDelayedUntil(),
            decision.getRevenue(),
            decision.getDetail()));
    followups.decided(
        decision.getOutcome().name(),
        decision.getReason().name(),
        decision.getPlay() == null ? null : decision.getPlay().name(),
        decision.getRevenue());
  }

  /** The visitor's latest follow-up decisions the feed has seen, newest first. */
  public List<VisitorFollowups.Decision> followupsOf(String visitorId) {
    return visitorFollowups.of(visitorId);
  }

  public Instant countingSince() {
    return countingSince;
  }

  /** A record that could not be decoded (the producing service dead-letters its own bad input). */
  public void onUndecodable() {
    undecodable.incrementAndGet();
  }

  public void onOffsets(Instant at, Map<String, Long> endOffsetsPerTopic, List<GroupLag> lag) {
    topicRates.record(at, endOffsetsPerTopic);
    consumerLag = List.copyOf(lag);
  }

  /** The query API's answers at {@code at}; empty / null where it did not answer. */
  public void onQueryAnswers(
      Instant at, Optional<SegmentSizes> sizes, JsonNode funnelAnswer, JsonNode audienceAnswer) {
    sizes.ifPresent(
        s -> {
          segmentSizes.record(at, s.members());
          segmentNames = Map.copyOf(s.names());
        });
    segmentSizesAvailable = sizes.isPresent();
    funnel = funnelAnswer;
    audience = audienceAnswer;
  }

  private String nameOf(String segmentId) {
    String current = segmentNames.get(segmentId);
    return current != null ? current : memberships.nameOf(segmentId);
  }

  public DashboardSnapshot snapshot(Instant now) {
    TopicRates.Sample latest = topicRates.latest();
    Map<String, Double> rates = latest == null ? Map.of() : latest.perSecond();
    List<DashboardSnapshot.TopicTraffic> topics =
        topicRates.endOffsets().entrySet().stream()
            .map(
                e ->
                    new DashboardSnapshot.TopicTraffic(
                        e.getKey(), rates.getOrDefault(e.getKey(), 0.0), e.getValue()))
            .toList();
    List<SegmentSizeHistory.Sample> sizes = segmentSizes.history();
    Map<String, String> names = new TreeMap<>();
    sizes.forEach(sample -> sample.sizes().keySet().forEach(id -> names.put(id, nameOf(id))));
    return new DashboardSnapshot(
        now,
        countingSince,
        new DashboardSnapshot.Traffic(
            topics,
            TimeSeries.of(
                topicRates.history(), TopicRates.Sample::at, TopicRates.Sample::perSecond),
            consumerLag),
        hesitationReasons.snapshot(this::nameOf),
        survey.snapshot(this::nameOf),
        followups.snapshot(),
        new DashboardSnapshot.Segments(
            segmentSizesAvailable,
            names,
            TimeSeries.of(sizes, SegmentSizeHistory.Sample::at, SegmentSizeHistory.Sample::sizes)),
        funnel,
        audience,
        new DashboardSnapshot.Feed(
            recordsRead.get(),
            undecodable.get(),
            memberships.trackedVisitors(),
            memberships.forgottenVisitors()));
  }
}
