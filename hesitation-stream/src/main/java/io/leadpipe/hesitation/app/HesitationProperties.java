package io.leadpipe.hesitation.app;

import io.leadpipe.hesitation.DetectionRules;
import io.leadpipe.hesitation.HesitationConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * {@code leadpipe.hesitations.*}: hesitation detection, mapped into the plain {@link HesitationConfig}. The base is
 * {@link HesitationConfig#defaults()}, or {@link HesitationConfig#fastDemo()} (seconds instead of hours) with
 * {@code fast-demo: true}; every detection key that is set overrides the base (names as in docs/hesitations.md).
 * The reason rules keep their defaults.
 */
@ConfigurationProperties("leadpipe.hesitations")
public class HesitationProperties {

  private boolean fastDemo;
  private Duration tick;
  private Duration cartIdle;
  private Duration checkoutIdle;
  private Duration browseIdle;
  private Duration priceWatchingIdle;
  private Integer browseMinViews;
  private Duration browseWindow;
  private Integer priceWatchingMinSessions;
  private Duration priceWatchingWindow;
  private List<String> pricingPaths;
  private Duration sessionGap;
  private Duration notQualifiedAfter;
  private Duration maxAge;
  private Duration retention;

  public HesitationConfig toHesitationConfig() {
    HesitationConfig base = fastDemo ? HesitationConfig.fastDemo() : HesitationConfig.defaults();
    DetectionRules d = base.detection();
    DetectionRules detection = new DetectionRules(or(cartIdle, d.cartIdle()), or(checkoutIdle, d.checkoutIdle()),
        or(browseIdle, d.browseIdle()), or(priceWatchingIdle, d.priceWatchingIdle()),
        or(browseMinViews, d.browseMinViews()), or(browseWindow, d.browseWindow()),
        or(priceWatchingMinSessions, d.priceWatchingMinSessions()), or(priceWatchingWindow, d.priceWatchingWindow()),
        or(pricingPaths, d.pricingPaths()), or(sessionGap, d.sessionGap()),
        or(notQualifiedAfter, d.notQualifiedAfter()), or(maxAge, d.maxAge()), or(retention, d.retention()));
    return base.withDetection(detection).withTick(or(tick, base.tick()));
  }

  private static <T> T or(T configured, T base) {
    return configured != null ? configured : base;
  }

  public boolean isFastDemo() { return fastDemo; }
  public void setFastDemo(boolean v) { fastDemo = v; }
  public Duration getTick() { return tick; }
  public void setTick(Duration v) { tick = v; }
  public Duration getCartIdle() { return cartIdle; }
  public void setCartIdle(Duration v) { cartIdle = v; }
  public Duration getCheckoutIdle() { return checkoutIdle; }
  public void setCheckoutIdle(Duration v) { checkoutIdle = v; }
  public Duration getBrowseIdle() { return browseIdle; }
  public void setBrowseIdle(Duration v) { browseIdle = v; }
  public Duration getPriceWatchingIdle() { return priceWatchingIdle; }
  public void setPriceWatchingIdle(Duration v) { priceWatchingIdle = v; }
  public Integer getBrowseMinViews() { return browseMinViews; }
  public void setBrowseMinViews(Integer v) { browseMinViews = v; }
  public Duration getBrowseWindow() { return browseWindow; }
  public void setBrowseWindow(Duration v) { browseWindow = v; }
  public Integer getPriceWatchingMinSessions() { return priceWatchingMinSessions; }
  public void setPriceWatchingMinSessions(Integer v) { priceWatchingMinSessions = v; }
  public Duration getPriceWatchingWindow() { return priceWatchingWindow; }
  public void setPriceWatchingWindow(Duration v) { priceWatchingWindow = v; }
  public List<String> getPricingPaths() { return pricingPaths; }
  public void setPricingPaths(List<String> v) { pricingPaths = v; }
  public Duration getSessionGap() { return sessionGap; }
  public void setSessionGap(Duration v) { sessionGap = v; }
  public Duration getNotQualifiedAfter() { return notQualifiedAfter; }
  public void setNotQualifiedAfter(Duration v) { notQualifiedAfter = v; }
  public Duration getMaxAge() { return maxAge; }
  public void setMaxAge(Duration v) { maxAge = v; }
  public Duration getRetention() { return retention; }
  public void setRetention(Duration v) { retention = v; }
}
