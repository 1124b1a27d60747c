package io.leadpipe.dashboard;

import io.leadpipe.dashboard.access.DashboardAccess;
import io.leadpipe.dashboard.admin.AdminApiClient;
import io.leadpipe.dashboard.admin.AdminApis;
import io.leadpipe.dashboard.config.DashboardProperties;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.service.security.RunMode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The dashboard's plain objects, built from {@code leadpipe.dashboard.*}. */
@Factory
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardBeans {

  @Singleton
  DashboardStats stats(DashboardProperties props) {
    return new DashboardStats(
        Clock.systemUTC().instant().minus(props.getLookback()),
        props.getHistorySize(),
        props.getMaxTrackedVisitors(),
        props.getMaxSegments(),
        props.getRecentComments(),
        props.getFollowupVisitors(),
        props.getDecisionsPerVisitor());
  }

  @Singleton
  QueryApiClient queryApi(DashboardProperties props) {
    DashboardProperties.QueryApi q = props.getQueryApi();
    return new QueryApiClient(q.getUrl(), q.getToken(), q.getTimeout());
  }

  /**
   * The admin APIs' addresses are checked here, so a wrong one fails start-up naming its setting.
   */
  @Singleton
  AdminApis adminApis(DashboardProperties props) {
    DashboardProperties.AdminApi a = props.getAdminApi();
    String prefix = "leadpipe.dashboard.admin-api.";
    return new AdminApis(
        new AdminApiClient(
            AdminApiClient.checkedUrl(prefix + "scoring-url", a.getScoringUrl(), true),
            a.getTimeout()),
        new AdminApiClient(
            AdminApiClient.checkedUrl(prefix + "notifier-url", a.getNotifierUrl(), false),
            a.getTimeout()));
  }

  @Singleton
  DashboardAccess access(DashboardProperties props, RunMode mode) {
    return new DashboardAccess(mode, props.getToken(), props.getSessionTtl(), Clock.systemUTC());
  }
}
