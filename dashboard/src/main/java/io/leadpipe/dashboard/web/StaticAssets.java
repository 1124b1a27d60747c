package io.leadpipe.dashboard.web;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The page, its script and styles, and Chart.js from its WebJar, read from the classpath once at
 * start. Only these named files are served: no path from a request ever reaches the classpath
 * lookup.
 */
@Singleton
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class StaticAssets {

  /** One file: its bytes and content type. */
  public record Asset(byte[] bytes, String contentType) {}

  private static final String CHARTJS_POM =
      "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final String FAILED_MARKER = " data-login-failed hidden";

  private final String indexPage = text("dashboard/index.html");
  private final String loginPage = text("dashboard/login.html");
  private final Map<String, Asset> assets =
      Map.of(
          "dashboard.js",
              new Asset(bytes("dashboard/dashboard.js"), "text/javascript; charset=utf-8"),
          "results.js", new Asset(bytes("dashboard/results.js"), "text/javascript; charset=utf-8"),
          "dashboard.css", new Asset(bytes("dashboard/dashboard.css"), "text/css; charset=utf-8"),
          "chart.umd.min.js", new Asset(bytes(chartJsPath()), "text/javascript; charset=utf-8"),
          "forecast.js",
              new Asset(bytes("dashboard/forecast.js"), "text/javascript; charset=utf-8"));

  public String indexPage() {
    return indexPage;
  }

  /**
   * @param failed true after a wrong token: the page then shows its "not right" message
   */
  public String loginPage(boolean failed) {
    return failed ? loginPage.replace(FAILED_MARKER, " data-login-failed") : loginPage;
  }

  public Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /**
   * The WebJar's own version file says where its files are, so upgrading the dependency needs no
   * code change.
   */
  private static String chartJsPath() {
    Properties pom = new Properties();
    try (InputStream in = open(CHARTJS_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/chart.js/"
        + pom.getProperty("version")
        + "/dist/chart.umd.min.js";
  }

  private static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String path) {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String path) {
    InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("Dashboard resource missing from the classpath: " + path);
    }
    return in;
  }
}
