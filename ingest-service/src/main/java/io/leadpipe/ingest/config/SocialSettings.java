package io.leadpipe.ingest.config;

import io.leadpipe.service.config.ConfigBindingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.ingest.social.*}: what ingest believes of social events.
 *
 * @param maxDeclaredFollowers the highest follower count kept from a (server) source's declaration;
 *     a larger one is capped and marked so. A million keeps almost every real account as declared
 *     while a forged ten billion cannot buy more influence than a large account.
 */
@ConfigurationProperties("leadpipe.ingest.social")
public record SocialSettings(@Bindable(defaultValue = "1000000") long maxDeclaredFollowers) {

  public SocialSettings {
    if (maxDeclaredFollowers < 0) {
      throw new ConfigBindingException(
          "leadpipe.ingest.social.max-declared-followers", "must be 0 or more");
    }
  }

  public static SocialSettings defaults() {
    return new SocialSettings(1_000_000);
  }
}
