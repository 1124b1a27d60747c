package io.leadpipe.ingest.enrichment;

import io.leadpipe.ingest.config.EnrichmentSettings;
import io.leadpipe.schemas.common.DeviceInfo;
import io.micronaut.context.annotation.Context;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Device, browser and OS from a user agent string, with YAUAA (maintained, rule based, covers
 * bots). Built eagerly at start-up ({@link Context}) because loading its rules takes seconds that
 * must not fall on the first request. Only the fields we store are computed, which keeps parsing
 * fast.
 */
@Context
public class UserAgentParser {

  private static final Set<String> BOT_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");
  private static final Set<String> NO_VALUE = Set.of("Unknown", "??", "", "Hacker");
  private static final int MAX_USER_AGENT_LENGTH = 2048;

  private final UserAgentAnalyzer analyzer;

  public UserAgentParser(EnrichmentSettings settings) {
    this.analyzer =
        UserAgentAnalyzer.newBuilder()
            .hideMatcherLoadStats()
            .withCache(settings.userAgentCacheSize())
            .withField(UserAgent.DEVICE_CLASS)
            .withField(UserAgent.AGENT_NAME)
            .withField(UserAgent.AGENT_VERSION)
            .withField(UserAgent.OPERATING_SYSTEM_NAME)
            .withField(UserAgent.OPERATING_SYSTEM_VERSION)
            .immediateInitialization()
            .build();
  }

  /** Null for a missing user agent. */
  public DeviceInfo parse(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    String input =
        userAgent.length() > MAX_USER_AGENT_LENGTH
            ? userAgent.substring(0, MAX_USER_AGENT_LENGTH)
            : userAgent;
    UserAgent.ImmutableUserAgent agent = analyzer.parse(input);
    String deviceClass = agent.getValue(UserAgent.DEVICE_CLASS);
    return DeviceInfo.newBuilder()
        .setDeviceClass(value(deviceClass))
        .setBrowser(value(agent.getValue(UserAgent.AGENT_NAME)))
        .setBrowserVersion(value(agent.getValue(UserAgent.AGENT_VERSION)))
        .setOs(value(agent.getValue(UserAgent.OPERATING_SYSTEM_NAME)))
        .setOsVersion(value(agent.getValue(UserAgent.OPERATING_SYSTEM_VERSION)))
        .setBot(BOT_CLASSES.contains(deviceClass))
        .build();
  }

  private static String value(String v) {
    return v == null || NO_VALUE.contains(v) ? null : v;
  }
}
