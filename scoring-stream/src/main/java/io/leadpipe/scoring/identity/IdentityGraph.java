package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeRule;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.privacy.PrivacyRequestKind;
import io.leadpipe.schemas.privacy.PrivacyRequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The identity graph's rules. claim: every id and match key the claim names joins the claimant's
 * person unless a guardrail refuses (max-ids, conflicting-user-id, blocked-value, undone-before);
 * the survivor is the person with a user id, else the one with more ids, else the claimant. undo:
 * the ids a merge brought in leave together and are never linked to the survivor again
 * automatically. erase: the person's ids, match keys and merge records go. Each decision is a merge
 * record and the route changes the members' partitions must apply.
 */
public final class IdentityGraph {

  public static final String MAX_IDS = "max-ids";
  public static final String CONFLICTING_USER_ID = "conflicting-user-id";
  public static final String BLOCKED_VALUE = "blocked-value";
  public static final String UNDONE_BEFORE = "undone-before";

  /**
   * What a decision changed: route changes for members' partitions, merge records to publish, merge
   * records to delete (erase), and the completed privacy request (erase).
   */
  public record Outcome(
      List<RouteChange> routes,
      List<IdentityMerge> records,
      List<String> deletedMerges,
      PrivacyRequest privacy) {
    static Outcome none() {
      return new Outcome(List.of(), List.of(), List.of(), null);
    }
  }

  private final IdentityRules rules;
  private final GraphStore store;

  public IdentityGraph(IdentityRules rules, GraphStore store) {
    this.rules = rules;
    this.store = store;
  }

  public Outcome claim(IdentityClaim claim) {
    List<RouteChange> routes = new ArrayList<>();
    List<IdentityMerge> records = new ArrayList<>();
    IdentityGroup own = groupOf(claim.visitorId());
    if (claim.userId() != null && !own.userIds().contains(claim.userId())) {
      own = withUserId(own, claim.userId());
    }
    save(own);
    for (IdentityClaim.Link link : claim.links()) {
      join(claim, link.id(), link.rule(), link.rule().name().toLowerCase(), routes, records);
    }
    for (MatchKey key : claim.matchKeys()) {
      IdentityGroup current = groupOf(claim.visitorId());
      if (key.blocked()) {
        refuseBlocked(claim, current, key, records);
        continue;
      }
      String owner = store.ownerOf(key.key());
      if (owner == null) {
        store.own(key.key(), claim.visitorId());
        save(withMatchKey(current, key.key()));
      } else {
        join(claim, owner, key.rule(), key.key(), routes, records);
      }
    }
    return new Outcome(routes, records, List.of(), null);
  }

  /** The claimant and the person of {@code otherId} become one, unless a guardrail says no. */
  private void join(
      IdentityClaim claim,
      String otherId,
      MergeRule rule,
      String matchedOn,
      List<RouteChange> routes,
      List<IdentityMerge> records) {
    IdentityGroup a = groupOf(claim.visitorId());
    IdentityGroup b = groupOf(otherId);
    if (a.canonical().equals(b.canonical())) {
      return;
    }
    String refusal = guardrail(a, b);
    if (refusal != null) {
      String mergeId = mergeId("refused", a.canonical(), b.canonical(), matchedOn);
      IdentityMerge known = store.merge(mergeId);
      if (known == null) {
        IdentityMerge record =
            record(
                mergeId,
                MergeStatus.REFUSED,
                a.canonical(),
                b.canonical(),
                b.members(),
                rule,
                matchedOn,
                refusal,
                claim);
        store.putMerge(record);
        records.add(record);
        save(withMergeId(a, mergeId));
        save(withMergeId(b, mergeId));
      }
      return;
    }
    IdentityGroup survivor = survivor(a, b);
    IdentityGroup absorbed = survivor == a ? b : a;
    String mergeId =
        mergeId("merged", survivor.canonical(), absorbed.canonical(), claim.messageId());
    IdentityGroup merged =
        new IdentityGroup(
            survivor.canonical(),
            union(survivor.members(), absorbed.members()),
            union(survivor.userIds(), absorbed.userIds()),
            union(survivor.matchKeys(), absorbed.matchKeys()),
            union(union(survivor.mergeIds(), absorbed.mergeIds()), List.of(mergeId)),
            union(survivor.separatedFrom(), absorbed.separatedFrom()));
    store.deleteGroup(absorbed.canonical());
    save(merged);
    IdentityMerge record =
        record(
            mergeId,
            MergeStatus.MERGED,
            survivor.canonical(),
            absorbed.canonical(),
            absorbed.members(),
            rule,
            matchedOn,
            null,
            claim);
    store.putMerge(record);
    records.add(record);
    routes.add(
        new RouteChange(
            RouteChange.Kind.LINK,
            survivor.canonical(),
            survivor.canonical(),
            null,
            mergeId,
            claim.at()));
    for (String member : absorbed.members()) {
      String previous = member.equals(absorbed.canonical()) ? null : absorbed.canonical();
      routes.add(
          new RouteChange(
              RouteChange.Kind.LINK, member, survivor.canonical(), previous, mergeId, claim.at()));
    }
  }

  private String guardrail(IdentityGroup a, IdentityGroup b) {
    if (a.members().size() + b.members().size() > rules.maxIdsPerProfile()) {
      return MAX_IDS;
    }
    if (!a.userIds().isEmpty()
        && !b.userIds().isEmpty()
        && !Set.copyOf(a.userIds()).equals(Set.copyOf(b.userIds()))) {
      return CONFLICTING_USER_ID;
    }
    if (b.members().stream().anyMatch(a.separatedFrom()::contains)
        || a.members().stream().anyMatch(b.separatedFrom()::contains)) {
      return UNDONE_BEFORE;
    }
    return null;
  }

  /**
   * The person with a user id survives (a login is the strongest identity), else the one with more
   * ids, else {@code a}.
   */
  private static IdentityGroup survivor(IdentityGroup a, IdentityGroup b) {
    if (a.userIds().isEmpty() != b.userIds().isEmpty()) {
      return a.userIds().isEmpty() ? b : a;
    }
    return b.members().size() > a.members().size() ? b : a;
  }

  /** A placeholder value never links anyone; the refusal is recorded once per visitor and value. */
  private void refuseBlocked(
      IdentityClaim claim, IdentityGroup group, MatchKey key, List<IdentityMerge> records) {
    String mergeId = mergeId("refused", group.canonical(), "", key.key());
    if (store.merge(mergeId) != null) {
      return;
    }
    IdentityMerge record =
        record(
            mergeId,
            MergeStatus.REFUSED,
            group.canonical(),
            null,
            List.of(),
            key.rule(),
            key.key(),
            BLOCKED_VALUE,
            claim);
    store.putMerge(record);
    records.add(record);
    save(withMergeId(group, mergeId));
  }

  /**
   * The ids the merge brought in (those still with the survivor's person) leave together: the
   * absorbed canonical id, if among them, is their canonical again. Both sides remember the
   * separation so the same evidence does not merge them again.
   */
  public Outcome undo(OperatorCommand command) {
    IdentityMerge merge = store.merge(command.mergeId());
    if (merge == null || merge.getStatus() != MergeStatus.MERGED) {
      return Outcome.none();
    }
    String current = store.canonicalOf(merge.getCanonicalId());
    IdentityGroup group = current == null ? null : store.group(current);
    if (group == null) {
      return Outcome.none();
    }
    List<String> leaving = merge.getMemberIds().stream().filter(group.members()::contains).toList();
    if (leaving.isEmpty() || leaving.size() == group.members().size()) {
      return Outcome.none();
    }
    String newCanonical =
        leaving.contains(merge.getAbsorbedId()) ? merge.getAbsorbedId() : leaving.get(0);
    List<String> staying = group.members().stream().filter(m -> !leaving.contains(m)).toList();
    Predicate<String> ownedByLeaving = key -> leaving.contains(store.ownerOf(key));
    IdentityGroup stays =
        new IdentityGroup(
            group.canonical(),
            staying,
            minus(group.userIds(), leaving),
            group.matchKeys().stream().filter(ownedByLeaving.negate()).toList(),
            group.mergeIds(),
            union(group.separatedFrom(), leaving));
    IdentityGroup leaves =
        new IdentityGroup(
            newCanonical,
            leaving,
            group.userIds().stream().filter(leaving::contains).toList(),
            group.matchKeys().stream().filter(ownedByLeaving).toList(),
            group.mergeIds(),
            union(group.separatedFrom(), staying));
    save(stays);
    save(leaves);
    IdentityMerge undone =
        IdentityMerge.newBuilder(merge)
            .setStatus(MergeStatus.UNDONE)
            .setReason("undone by " + command.requestedBy())
            .setAt(command.requestedAt())
            .build();
    store.putMerge(undone);
    List<RouteChange> routes = new ArrayList<>();
    Instant at = command.requestedAt();
    routes.addAll(regroup(stays, group.canonical(), merge.getMergeId(), at));
    routes.addAll(regroup(leaves, group.canonical(), merge.getMergeId(), at));
    return new Outcome(routes, List.of(undone), List.of(), null);
  }

  /**
   * Route changes that make {@code group} a person of its own after a split from {@code previous}:
   * a single id stands alone (OWN); a group that keeps the previous canonical id needs nothing (the
   * leaving ids' partitions tell it); any other group is linked to its new canonical id.
   */
  private static List<RouteChange> regroup(
      IdentityGroup group, String previous, String cause, Instant at) {
    String canonical = group.canonical();
    if (group.members().size() == 1) {
      return List.of(
          new RouteChange(
              RouteChange.Kind.OWN,
              canonical,
              canonical,
              canonical.equals(previous) ? null : previous,
              cause,
              at));
    }
    if (canonical.equals(previous)) {
      return List.of();
    }
    return group.members().stream()
        .map(
            member ->
                new RouteChange(RouteChange.Kind.LINK, member, canonical, previous, cause, at))
        .toList();
  }

  /**
   * Every id linked to {@code command.visitorId()} is erased: the members' partitions erase their
   * state and suppress their ids; the graph forgets the ids, the match keys they own and the merge
   * records naming them.
   */
  public Outcome erase(OperatorCommand command, Instant now) {
    IdentityGroup group = groupOf(command.visitorId());
    List<RouteChange> routes = new ArrayList<>();
    for (String member : group.members()) {
      routes.add(
          new RouteChange(
              RouteChange.Kind.ERASE, member, group.canonical(), null, command.commandId(), now));
      store.forget(member);
    }
    for (String key : group.matchKeys()) {
      if (group.members().contains(store.ownerOf(key))) {
        store.disown(key);
      }
    }
    group.mergeIds().forEach(store::deleteMerge);
    for (String other : group.separatedFrom()) {
      String canonical = store.canonicalOf(other);
      IdentityGroup theirs = canonical == null ? null : store.group(canonical);
      if (theirs != null) {
        store.putGroup(
            new IdentityGroup(
                theirs.canonical(),
                theirs.members(),
                theirs.userIds(),
                theirs.matchKeys(),
                theirs.mergeIds(),
                minus(theirs.separatedFrom(), group.members())));
      }
    }
    store.deleteGroup(group.canonical());
    PrivacyRequest request =
        PrivacyRequest.newBuilder()
            .setRequestId(command.commandId())
            .setKind(PrivacyRequestKind.ERASE)
            .setStatus(PrivacyRequestStatus.COMPLETED)
            .setRequestedBy(command.requestedBy())
            .setRequestedAt(command.requestedAt())
            .setSubjectIdHash(Hashing.sha256(command.visitorId()))
            .setLinkedIdHashes(group.members().stream().map(Hashing::sha256).toList())
            .setCompletedAt(now)
            .build();
    return new Outcome(routes, List.of(), group.mergeIds(), request);
  }

  /**
   * The person an id belongs to: the stored one, or the id alone when the graph has not seen it.
   */
  public IdentityGroup groupOf(String id) {
    String canonical = store.canonicalOf(id);
    if (canonical == null) {
      return IdentityGroup.of(id);
    }
    IdentityGroup group = store.group(canonical);
    return group != null ? group : IdentityGroup.of(canonical);
  }

  /**
   * Writes only what changed: most claims repeat what the graph knows (every login of a known
   * user), and each write is a changelog record in the commit's transaction.
   */
  private void save(IdentityGroup group) {
    if (!group.equals(store.group(group.canonical()))) {
      store.putGroup(group);
    }
    for (String member : group.members()) {
      if (!group.canonical().equals(store.canonicalOf(member))) {
        store.link(member, group.canonical());
      }
    }
  }

  private static IdentityMerge record(
      String mergeId,
      MergeStatus status,
      String canonical,
      String absorbed,
      List<String> members,
      MergeRule rule,
      String matchedOn,
      String reason,
      IdentityClaim claim) {
    return IdentityMerge.newBuilder()
        .setMergeId(mergeId)
        .setStatus(status)
        .setCanonicalId(canonical)
        .setAbsorbedId(absorbed)
        .setMemberIds(members)
        .setRule(rule)
        .setMatchedOn(matchedOn)
        .setReason(reason)
        .setAt(claim.at())
        .setCauseMessageId(claim.messageId())
        .build();
  }

  /** Deterministic, so a replayed input makes the same record (compacted by merge id). */
  private static String mergeId(String kind, String a, String b, String detail) {
    return kind.charAt(0)
        + "-"
        + Hashing.sha256(a + "\u0000" + b + "\u0000" + detail).substring(0, 24);
  }

  private static IdentityGroup withUserId(IdentityGroup g, String userId) {
    return new IdentityGroup(
        g.canonical(),
        g.members(),
        union(g.userIds(), List.of(userId)),
        g.matchKeys(),
        g.mergeIds(),
        g.separatedFrom());
  }

  private static IdentityGroup withMatchKey(IdentityGroup g, String key) {
    return new IdentityGroup(
        g.canonical(),
        g.members(),
        g.userIds(),
        union(g.matchKeys(), List.of(key)),
        g.mergeIds(),
        g.separatedFrom());
  }

  private static IdentityGroup withMergeId(IdentityGroup g, String mergeId) {
    return new IdentityGroup(
        g.canonical(),
        g.members(),
        g.userIds(),
        g.matchKeys(),
        union(g.mergeIds(), List.of(mergeId)),
        g.separatedFrom());
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(x -> !b.contains(x)).toList();
  }
}
