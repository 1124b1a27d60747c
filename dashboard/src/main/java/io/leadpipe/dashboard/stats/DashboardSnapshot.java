package io.leadpipe.dashboard.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.followups.FollowupOutcomes;
import io.leadpipe.dashboard.reasons.ReasonCounts;
import io.leadpipe.dashboard.reasons.SurveyAnswers;
import io.leadpipe.dashboard.support.TimeSeries;
import io.leadpipe.dashboard.traffic.GroupLag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows except the prospect list (which the operator filters): what the live
 * stream pushes and {@code GET /dashboard/api/snapshot} answers. {@code funnel} and {@code
 * audience} are the query API's answers as it gave them, null while it is not available.
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

  /**
   * Per topic: events per second now and records written; events per second over time; lag per
   * consumer group.
   */
  public record Traffic(
      List<TopicTraffic> topics, TimeSeries history, List<GroupLag> consumerLag) {}

  public record TopicTraffic(String topic, double perSecond, long endOffset) {}

  /**
   * Segment sizes over time (empty while the query API is not available) and the names of their
   * segments.
   */
  public record Segments(boolean available, Map<String, String> names, TimeSeries history) {}

  /**
   * How the Kafka feed is doing: records read, records it could not decode, visitors whose segments
   * it knows.
   */
  public record Feed(
      long recordsRead, long undecodable, int trackedVisitors, long forgottenVisitors) {}
}
