package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.identity.MergeRule;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.scoring.profile.VisitorInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * input → the claim it makes about identity, or null: identify links its anonymous id to its user
 * id and offers its email and handles; alias links the previous id to the user id; a social
 * interaction offers the actor's handle. Web behaviour claims nothing, so the identity graph sees
 * only the few inputs that can link.
 */
public final class IdentityClaims {

  private final IdentityRules rules;

  public IdentityClaims(IdentityRules rules) {
    this.rules = rules;
  }

  public IdentityClaim of(VisitorInput input) {
    if (input instanceof VisitorInput.Identity identity) {
      return identity(identity.event());
    }
    if (input instanceof VisitorInput.Social social) {
      return social(social.event());
    }
    return null;
  }

  private IdentityClaim identity(IdentityEvent e) {
    String visitor = VisitorId.of(e.getUserId(), e.getAnonymousId());
    List<IdentityClaim.Link> links = new ArrayList<>();
    List<MatchKey> keys = new ArrayList<>();
    if (e.getKind() == IdentityKind.ALIAS) {
      link(links, visitor, e.getPreviousId(), MergeRule.ALIAS);
      link(links, visitor, e.getAnonymousId(), MergeRule.ALIAS);
    } else {
      link(links, visitor, e.getAnonymousId(), MergeRule.IDENTIFY);
      if (e.getTraits() != null) {
        add(keys, MatchKey.email(e.getTraits().getEmail(), rules));
        e.getTraits()
            .getSocialHandles()
            .forEach((network, handle) -> add(keys, MatchKey.handle(network, handle, rules)));
      }
    }
    if (links.isEmpty() && keys.isEmpty()) {
      return null;
    }
    return new IdentityClaim(
        visitor, e.getUserId(), links, keys, e.getEventTime(), e.getMessageId());
  }

  private IdentityClaim social(SocialEvent e) {
    MatchKey handle = MatchKey.handle(e.getNetwork(), e.getActorHandle(), rules);
    if (handle == null) {
      return null;
    }
    return new IdentityClaim(
        VisitorId.of(e.getUserId(), e.getAnonymousId()),
        e.getUserId(),
        List.of(),
        List.of(handle),
        e.getEventTime(),
        e.getMessageId());
  }

  private static void link(
      List<IdentityClaim.Link> links, String visitor, String other, MergeRule rule) {
    if (other != null && !other.isEmpty() && !Objects.equals(other, visitor)) {
      links.add(new IdentityClaim.Link(other, rule));
    }
  }

  private static void add(List<MatchKey> keys, MatchKey key) {
    if (key != null) {
      keys.add(key);
    }
  }
}
