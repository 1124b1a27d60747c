package io.leadpipe.dashboard.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.segments.SegmentSizes;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.dashboard.support.DashboardJson;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Samples the query API's segment sizes, funnel and audience into the dashboard's statistics. */
public final class QuerySampler {
  static final String SEGMENT_SIZES = "/v1/segments/sizes";
  static final String FUNNEL = "/v1/funnel";
  static final String AUDIENCE = "/v1/audience";

  private final QueryApiClient client;
  private final DashboardStats stats;

  public QuerySampler(QueryApiClient client, DashboardStats stats) {
    this.client = client;
    this.stats = stats;
  }

  public void sample(Instant at) {
    Optional<SegmentSizes> sizes = json(SEGMENT_SIZES).flatMap(SegmentSizes::fromJson);
    stats.onQueryAnswers(at, sizes, json(FUNNEL).orElse(null), json(AUDIENCE).orElse(null));
  }

  private Optional<JsonNode> json(String path) {
    return client
        .get(path, Map.of())
        .filter(QueryAnswer::ok)
        .flatMap(a -> DashboardJson.read(a.body()));
  }
}
