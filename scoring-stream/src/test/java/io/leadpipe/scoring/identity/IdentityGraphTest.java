package io.leadpipe.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeRule;
import io.leadpipe.schemas.identity.MergeStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity graph's rules on an in-memory store: survivor, guardrails, undo and erase. */
class IdentityGraphTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private final MemoryStore store = new MemoryStore();
  private final IdentityRules rules = IdentityRules.defaults();
  private final IdentityGraph graph = new IdentityGraph(rules, store);
  private int messages;

  @Test
  void the_person_with_a_user_id_survives_and_every_member_is_routed_to_it() {
    claim("anon-1", null, MatchKey.email("anna@shop.de", rules));
    claim("anon-2", null, MatchKey.email("anna@shop.de", rules));
    IdentityGraph.Outcome login =
        graph.claim(
            new IdentityClaim(
                "user-1",
                "user-1",
                List.of(new IdentityClaim.Link("anon-2", MergeRule.IDENTIFY)),
                List.of(),
                T0,
                "m-login"));

    assertThat(login.records())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getCanonicalId()).isEqualTo("user-1");
              assertThat(m.getMemberIds()).containsExactlyInAnyOrder("anon-1", "anon-2");
            });
    assertThat(login.routes())
        .extracting(RouteChange::member, RouteChange::canonical)
        .contains(
            org.assertj.core.groups.Tuple.tuple("anon-1", "user-1"),
            org.assertj.core.groups.Tuple.tuple("anon-2", "user-1"),
            org.assertj.core.groups.Tuple.tuple("user-1", "user-1"));
    assertThat(graph.groupOf("anon-1").members())
        .containsExactlyInAnyOrder("user-1", "anon-1", "anon-2");
  }

  @Test
  void undo_sends_exactly_the_merged_ids_back_and_the_same_evidence_does_not_merge_them_again() {
    claim("phone", null, MatchKey.email("anna@shop.de", rules));
    IdentityMerge merge =
        claim("laptop", null, MatchKey.email("anna@shop.de", rules)).records().get(0);

    IdentityGraph.Outcome undo =
        graph.undo(
            new OperatorCommand(
                "c1",
                OperatorCommand.Kind.UNDO_MERGE,
                merge.getMergeId(),
                null,
                "ops",
                T0.plusSeconds(60)));

    assertThat(undo.records())
        .singleElement()
        .satisfies(m -> assertThat(m.getStatus()).isEqualTo(MergeStatus.UNDONE));
    assertThat(undo.routes()).extracting(RouteChange::kind).containsOnly(RouteChange.Kind.OWN);
    assertThat(graph.groupOf("phone").members()).containsExactly("phone");
    assertThat(graph.groupOf("laptop").members()).containsExactly("laptop");

    IdentityGraph.Outcome again = claim("laptop", null, MatchKey.email("anna@shop.de", rules));
    assertThat(again.records())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getStatus()).isEqualTo(MergeStatus.REFUSED);
              assertThat(m.getReason()).isEqualTo(IdentityGraph.UNDONE_BEFORE);
            });
    assertThat(again.routes()).isEmpty();
  }

  @Test
  void
      erase_forgets_every_linked_id_its_match_keys_and_merge_records_and_hashes_the_ids_it_reports() {
    claim("phone", null, MatchKey.email("anna@shop.de", rules));
    IdentityMerge merge =
        claim("laptop", null, MatchKey.email("anna@shop.de", rules)).records().get(0);

    IdentityGraph.Outcome erased =
        graph.erase(
            new OperatorCommand("req-1", OperatorCommand.Kind.ERASE, null, "laptop", "ops", T0),
            T0.plusSeconds(5));

    assertThat(erased.routes())
        .extracting(RouteChange::member)
        .containsExactlyInAnyOrder("phone", "laptop");
    assertThat(erased.routes()).extracting(RouteChange::kind).containsOnly(RouteChange.Kind.ERASE);
    assertThat(erased.deletedMerges()).containsExactly(merge.getMergeId());
    assertThat(erased.privacy().getLinkedIdHashes())
        .containsExactlyInAnyOrder(Hashing.sha256("phone"), Hashing.sha256("laptop"));
    assertThat(erased.privacy().toString())
        .doesNotContain("\"laptop\"")
        .doesNotContain("\"phone\"");
    assertThat(store.nodes).isEmpty();
    assertThat(store.groups).isEmpty();
    assertThat(store.matches).isEmpty();
    assertThat(store.merges).isEmpty();
  }

  @Test
  void a_claim_that_tells_the_graph_nothing_new_writes_nothing() {
    IdentityClaim login =
        new IdentityClaim(
            "user-1",
            "user-1",
            List.of(new IdentityClaim.Link("anon-1", MergeRule.IDENTIFY)),
            List.of(MatchKey.email("anna@shop.de", rules)),
            T0,
            "m-login");
    graph.claim(login);
    int writesOfFirstLogin = store.writes;

    IdentityGraph.Outcome again = graph.claim(login);
    IdentityGraph.Outcome sameKeyAgain =
        claim("anon-1", null, MatchKey.email("anna@shop.de", rules));

    assertThat(writesOfFirstLogin).isPositive();
    assertThat(store.writes).as("writes after the first login").isEqualTo(writesOfFirstLogin);
    assertThat(again.routes()).isEmpty();
    assertThat(again.records()).isEmpty();
    assertThat(sameKeyAgain.routes()).isEmpty();
    assertThat(graph.groupOf("anon-1").members()).containsExactlyInAnyOrder("user-1", "anon-1");
  }

  private IdentityGraph.Outcome claim(String visitor, String userId, MatchKey key) {
    return graph.claim(
        new IdentityClaim(visitor, userId, List.of(), List.of(key), T0, "m" + (++messages)));
  }

  /** The graph's state in maps; counts what it is asked to write. */
  private static final class MemoryStore implements GraphStore {
    int writes;
    final Map<String, String> nodes = new HashMap<>();
    final Map<String, IdentityGroup> groups = new HashMap<>();
    final Map<String, String> matches = new HashMap<>();
    final Map<String, IdentityMerge> merges = new HashMap<>();

    public String canonicalOf(String id) {
      return nodes.get(id);
    }

    public void link(String id, String canonical) {
      writes++;
      nodes.put(id, canonical);
    }

    public void forget(String id) {
      writes++;
      nodes.remove(id);
    }

    public IdentityGroup group(String canonical) {
      return groups.get(canonical);
    }

    public void putGroup(IdentityGroup group) {
      writes++;
      groups.put(group.canonical(), group);
    }

    public void deleteGroup(String canonical) {
      writes++;
      groups.remove(canonical);
    }

    public String ownerOf(String matchKey) {
      return matches.get(matchKey);
    }

    public void own(String matchKey, String id) {
      writes++;
      matches.put(matchKey, id);
    }

    public void disown(String matchKey) {
      writes++;
      matches.remove(matchKey);
    }

    public IdentityMerge merge(String mergeId) {
      return merges.get(mergeId);
    }

    public void putMerge(IdentityMerge merge) {
      writes++;
      merges.put(merge.getMergeId(), merge);
    }

    public void deleteMerge(String mergeId) {
      writes++;
      merges.remove(mergeId);
    }
  }
}
