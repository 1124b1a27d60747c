package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.MergeRule;
import java.time.Instant;
import java.util.List;

/**
 * What one input says about who a visitor is: other ids that are explicitly the same person
 * (identify with both ids, alias), the user id it is known by, and matching trait values (email,
 * handles; hashed).
 *
 * @param visitorId the visitor the input was applied to (its key)
 * @param userId the user id the input names, if any (one per person: a guardrail)
 * @param links ids the input says are this visitor
 * @param matchKeys hashed trait values that link whoever shares them
 * @param at event time
 * @param messageId the input's message id: the cause of any merge
 */
public record IdentityClaim(
    String visitorId,
    String userId,
    List<Link> links,
    List<MatchKey> matchKeys,
    Instant at,
    String messageId) {

  /** Another id of the same person, and the rule that says so (IDENTIFY or ALIAS). */
  public record Link(String id, MergeRule rule) {}

  public IdentityClaim {
    links = links == null ? List.of() : List.copyOf(links);
    matchKeys = matchKeys == null ? List.of() : List.copyOf(matchKeys);
  }
}
