package io.leadpipe.scoring.identity.admin;

import io.leadpipe.scoring.identity.IdentityRules;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Set;

/**
 * {@code leadpipe.identity.*}: the stitching guardrails (docs/identity-and-privacy.md) and the
 * admin commands. Unset value lists keep the defaults of {@link IdentityRules#defaults()}.
 *
 * @param maxIdsPerProfile a merge that would make a person of more ids is refused
 * @param blockedValues emails and handles that never link
 * @param blockedEmailLocalParts local parts of emails that never link
 * @param blockedEmailDomains domains of emails that never link
 * @param writeTimeout how long an undo/erase/export waits for Kafka before answering 503
 * @param retryAfter what a 503 tells clients to wait
 */
@ConfigurationProperties("leadpipe.identity")
public record IdentitySettings(
    @Bindable(defaultValue = "20") int maxIdsPerProfile,
    @Nullable Set<String> blockedValues,
    @Nullable Set<String> blockedEmailLocalParts,
    @Nullable Set<String> blockedEmailDomains,
    @Bindable(defaultValue = "10s") Duration writeTimeout,
    @Bindable(defaultValue = "5s") Duration retryAfter) {

  public IdentityRules rules() {
    IdentityRules defaults = IdentityRules.defaults();
    return new IdentityRules(
        maxIdsPerProfile,
        blockedValues != null ? blockedValues : defaults.blockedValues(),
        blockedEmailLocalParts != null ? blockedEmailLocalParts : defaults.blockedEmailLocalParts(),
        blockedEmailDomains != null ? blockedEmailDomains : defaults.blockedEmailDomains());
  }
}
