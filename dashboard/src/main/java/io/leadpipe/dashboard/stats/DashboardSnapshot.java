package io.leadpipe.dashboard.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.followups.FollowupOutcomes;
import io.leadpipe.dashboard.reasons.ReasonCounts;
import io.leadpipe.dashboard.reasons.SurveyAnswers;
import io.leadpipe.dashboard.segments.SegmentSizeHistory;
import io.leadpipe.dashboard.traffic.GroupLag;
import io.leadpipe.dashboard.traffic.TopicRates;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows except the prospect list (which the operator filters): what the live stream pushes and
 * {@code GET /dashboard/api/snapshot} answers. {@code funnel} and {@code audience} are the query API's answers as it
 * gave them, null while it is not available.
 */
public record DashboardSnapshot(
    Instant generatedAt,
    Instant countingSince,
    Traffic traffic,
    ReasonCounts hesitationReasons,
    SurveyAnswers.Summary survey,
    FollowupOutcomes.Summary followups,
    Segments segments,
    JsonNode funnel,
    JsonNode audience,
    Feed feed) {

  /** Per topic: events per second now and records written; rate history; lag per consumer group. */
  public record Traffic(List<TopicTraffic> topics, List<TopicRates.Sample> history, List<GroupLag> consumerLag) {}

  public record TopicTraffic(String topic, double perSecond, long endOffset) {}

  /** Segment sizes over time (empty while the query API is not available) and the names of their segments. */
  public record Segments(boolean available, Map<String, String> names, List<SegmentSizeHistory.Sample> history) {}

  /** How the Kafka feed is doing: records read, records it could not decode, visitors whose segments it knows. */
  public record Feed(long recordsRead, long undecodable, int trackedVisitors, long forgottenVisitors) {}
}
