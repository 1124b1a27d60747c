package io.leadpipe.dashboard.config;

import io.leadpipe.dashboard.stats.DashboardStats;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code leadpipe.dashboard.*}. Every default works for a local run; outside local runs set {@code
 * token} ({@code LEADPIPE_DASHBOARD_TOKEN}). See docs/dashboard.md.
 */
@ConfigurationProperties("leadpipe.dashboard")
public class DashboardProperties {
  /**
   * Empty: only allowed in local mode, where the dashboard answers only to the same machine. Set:
   * everyone needs this token (or its {@code sha256:} digest here).
   */
  private String token = "";

  /** How long a login lasts; logout or a new token ends it sooner. */
  private Duration sessionTtl = Duration.ofHours(8);

  /** How often end offsets, consumer lag and the query API are sampled. */
  private Duration sampleInterval = Duration.ofSeconds(5);

  /** How often the live stream pushes a fresh snapshot to each open page. */
  private Duration pushInterval = Duration.ofSeconds(2);

  /** Samples kept for the over-time charts: 360 × 5 s = the last 30 minutes. */
  private int historySize = 360;

  /** At start, counting begins this far back in the topics; then it goes on live. */
  private Duration lookback = Duration.ofHours(24);

  /** Visitors whose segment memberships are remembered (least recently changed forgotten first). */
  private int maxTrackedVisitors = 100_000;

  /** Segments whose names and per-segment counts are kept. */
  private int maxSegments = 500;

  /** Visitors whose latest follow-up decisions are kept for the prospect page. */
  private int followupVisitors = DashboardStats.DEFAULT_FOLLOWUP_VISITORS;

  /** How many of each such visitor's latest decisions are kept. */
  private int decisionsPerVisitor = DashboardStats.DEFAULT_DECISIONS_PER_VISITOR;

  /** Latest survey comments shown. */
  private int recentComments = 20;

  /** Bound on each Admin client call (offsets, groups). */
  private Duration adminTimeout = Duration.ofSeconds(5);

  /** Wait before re-reading a record whose schema the registry could not serve. */
  private Duration retryBackoff = Duration.ofSeconds(1);

  private QueryApi queryApi = new QueryApi();

  private AdminApi adminApi = new AdminApi();

  public String getToken() {
    return token;
  }

  public void setToken(String v) {
    token = v == null ? "" : v.strip();
  }

  public Duration getSessionTtl() {
    return sessionTtl;
  }

  public void setSessionTtl(Duration v) {
    sessionTtl = v;
  }

  public Duration getSampleInterval() {
    return sampleInterval;
  }

  public void setSampleInterval(Duration v) {
    sampleInterval = v;
  }

  public Duration getPushInterval() {
    return pushInterval;
  }

  public void setPushInterval(Duration v) {
    pushInterval = v;
  }

  public int getHistorySize() {
    return historySize;
  }

  public void setHistorySize(int v) {
    historySize = v;
  }

  public Duration getLookback() {
    return lookback;
  }

  public void setLookback(Duration v) {
    lookback = v;
  }

  public int getMaxTrackedVisitors() {
    return maxTrackedVisitors;
  }

  public void setMaxTrackedVisitors(int v) {
    maxTrackedVisitors = v;
  }

  public int getMaxSegments() {
    return maxSegments;
  }

  public void setMaxSegments(int v) {
    maxSegments = v;
  }

  public int getFollowupVisitors() {
    return followupVisitors;
  }

  public void setFollowupVisitors(int v) {
    followupVisitors = v;
  }

  public int getDecisionsPerVisitor() {
    return decisionsPerVisitor;
  }

  public void setDecisionsPerVisitor(int v) {
    decisionsPerVisitor = v;
  }

  public int getRecentComments() {
    return recentComments;
  }

  public void setRecentComments(int v) {
    recentComments = v;
  }

  public Duration getAdminTimeout() {
    return adminTimeout;
  }

  public void setAdminTimeout(Duration v) {
    adminTimeout = v;
  }

  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  public void setRetryBackoff(Duration v) {
    retryBackoff = v;
  }

  public QueryApi getQueryApi() {
    return queryApi;
  }

  public void setQueryApi(QueryApi v) {
    queryApi = v;
  }

  public AdminApi getAdminApi() {
    return adminApi;
  }

  public void setAdminApi(AdminApi v) {
    adminApi = v;
  }

  /**
   * {@code leadpipe.dashboard.admin-api.*}: where the admin APIs the dashboard edits segments and
   * strategies through answer. The operator's own admin key is passed on; the dashboard keeps none.
   */
  @ConfigurationProperties("admin-api")
  public static class AdminApi {
    /** scoring-stream ({@code /admin/segments}); empty: this service itself. */
    private String scoringUrl = "";

    /** notifier-service ({@code /admin/strategies}); the local stack's notifier by default. */
    private String notifierUrl = "http://127.0.0.1:8083";

    private Duration timeout = Duration.ofSeconds(5);

    public String getScoringUrl() {
      return scoringUrl;
    }

    public void setScoringUrl(String v) {
      scoringUrl = v == null ? "" : v.strip();
    }

    public String getNotifierUrl() {
      return notifierUrl;
    }

    public void setNotifierUrl(String v) {
      notifierUrl = v == null ? "" : v.strip();
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration v) {
      timeout = v;
    }
  }

  /** {@code leadpipe.dashboard.query-api.*}: where the scoring-stream query API answers. */
  @ConfigurationProperties("query-api")
  public static class QueryApi {
    /** Empty: this service itself (http://127.0.0.1:&lt;its port&gt;). */
    private String url = "";

    /** Sent as {@code Authorization: Bearer} when the query API requires a read token. */
    private String token = "";

    private Duration timeout = Duration.ofSeconds(2);

    /**
     * The query API's page size when none is asked for ({@code
     * leadpipe.scoring.query.default-limit}).
     */
    private int defaultLimit = 20;

    /**
     * The query API's largest page ({@code leadpipe.scoring.query.max-limit}): how deep a stage
     * group of prospects can be listed.
     */
    private int maxLimit = 100;

    public int getDefaultLimit() {
      return defaultLimit;
    }

    public void setDefaultLimit(int v) {
      defaultLimit = v;
    }

    public int getMaxLimit() {
      return maxLimit;
    }

    public void setMaxLimit(int v) {
      maxLimit = v;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String v) {
      url = v == null ? "" : v.strip();
    }

    public String getToken() {
      return token;
    }

    public void setToken(String v) {
      token = v == null ? "" : v.strip();
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration v) {
      timeout = v;
    }
  }
}
