package io.leadpipe.dashboard.web;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.net.URI;

/** The dashboard page and its static files. */
@Controller
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardPageController {
  /** Browsers may keep the page's code for a while; it changes only with a release. */
  private static final String ASSET_CACHE = "public, max-age=3600";

  private final StaticAssets assets;

  public DashboardPageController(StaticAssets assets) {
    this.assets = assets;
  }

  /**
   * The service's root leads to the dashboard, instead of a 404 for someone who types only host and
   * port.
   */
  @Get("/")
  public HttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create(DashboardPaths.ROOT));
  }

  @Get(DashboardPaths.ROOT)
  public HttpResponse<String> page() {
    return HttpResponse.ok(assets.indexPage()).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
  }

  @Get(DashboardPaths.ASSETS + "/{name}")
  public HttpResponse<?> asset(String name) {
    return assets
        .asset(name)
        .<HttpResponse<?>>map(
            a ->
                HttpResponse.ok(a.bytes())
                    .contentType(a.contentType())
                    .header("Cache-Control", ASSET_CACHE))
        .orElseGet(
            () ->
                Problems.response(
                    DashboardProblem.NOT_FOUND,
                    "The dashboard serves dashboard.js, dashboard.css and chart.umd.min.js.",
                    null));
  }
}
