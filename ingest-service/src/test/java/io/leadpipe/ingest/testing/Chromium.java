package io.leadpipe.ingest.testing;

import io.leadpipe.devkit.test.RequiredTools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and its ChromeDriver with a fresh profile, for the browser tests (the
 * snippet's: one browser per test class, as a start costs about 9 s on our machines, and a new
 * visitor for each test, {@link #newVisitor}; the survey page's, without JavaScript). Page state is
 * read in one {@code executeScript} per check, never element by element (a page that re-renders in
 * between made an earlier test flaky).
 */
public final class Chromium implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final File DRIVER = new File("/usr/bin/chromedriver");
  private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the test (with the reason) where Chromium is missing, as RequiredTools decides. */
  public static Chromium start() throws IOException {
    return start(options -> {});
  }

  /** As {@link #start()}, with {@code more} options (a language, JavaScript off). */
  public static Chromium start(Consumer<ChromeOptions> more) throws IOException {
    RequiredTools.require(
        Files.isExecutable(BINARY) && DRIVER.canExecute(), "Chromium + ChromeDriver at " + BINARY);
    Path profile = Files.createTempDirectory("leadpipe-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    more.accept(options);
    // The driver installed with the browser; never a download manager.
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    return new Chromium(new ChromeDriver(service, options), profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Leaves one tab, online, on {@code blankPage} (a page of the site without the snippet, so no
   * page writes its queue back afterwards) and clears the site's storage and cookies: the next page
   * with the snippet meets a new visitor.
   */
  public void newVisitor(String blankPage) {
    String keep = driver.getWindowHandles().iterator().next();
    for (String tab : driver.getWindowHandles()) {
      if (!tab.equals(keep)) {
        driver.switchTo().window(tab);
        driver.close();
      }
    }
    offline(keep, false);
    driver.get(blankPage);
    js("localStorage.clear(); sessionStorage.clear();");
    driver.manage().deleteAllCookies();
  }

  /** Opens {@code url} in the current tab and waits until the snippet ran; returns the tab. */
  public String open(String url) {
    driver.get(url);
    awaitSnippet();
    return driver.getWindowHandle();
  }

  /** Opens {@code url} in a new tab of the same profile (same storage) and switches to it. */
  public String openInNewTab(String url) {
    driver.switchTo().newWindow(WindowType.TAB);
    return open(url);
  }

  public void switchTo(String tab) {
    driver.switchTo().window(tab);
  }

  /**
   * Closes the tab (its page gets pagehide, its Web Lock is freed) and switches to {@code next}.
   */
  public void close(String tab, String next) {
    driver.switchTo().window(tab);
    driver.close();
    driver.switchTo().window(next);
  }

  /**
   * DevTools network emulation for the tab: offline fails every request and sets navigator.onLine,
   * firing the page's offline/online events as a real connection loss does.
   */
  public void offline(String tab, boolean offline) {
    switchTo(tab);
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** Runs {@code script} in the current tab; its {@code return} value (JS numbers come as Long). */
  public Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> stats() {
    return (Map<String, Object>) js("return leadpipe.stats()");
  }

  private void awaitSnippet() {
    // The test pages add the script tag from their query string, so it loads after the page.
    Awaitility.await("the snippet ran")
        .atMost(PAGE_LOAD)
        .until(() -> Boolean.TRUE.equals(js("return !!(window.leadpipe && leadpipe.loaded)")));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
