package io.leadpipe.scoring.identity;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeRule;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Identity stitching through the production topology: each linking rule, events before and after,
 * guardrails.
 */
class IdentityStitchingTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void
      identify_links_the_anonymous_browsing_to_the_user_and_events_before_and_after_land_in_one_profile() {
    try (var f = new TopologyFixture()) {
      f.productView("anon-1", "shoes", T0);
      f.productView("anon-1", "shoes", T0.plus(MINUTE));
      f.send("user-1", WebEventType.PAGE_VIEW, T0.plus(MINUTE));
      f.profiles.readRecordsToList();

      f.identify(
          "anon-1",
          "user-1",
          traits().setFirstName("Anna").build(),
          T0.plus(MINUTE.multipliedBy(2)));
      f.productView("anon-1", "bags", T0.plus(MINUTE.multipliedBy(3)));
      f.send("user-1", WebEventType.PAGE_VIEW, T0.plus(MINUTE.multipliedBy(4)));

      ProspectProfile person = f.latest("user-1");
      assertThat(person.getActivity().getProductViews()).isEqualTo(3);
      assertThat(person.getActivity().getPageViews()).isEqualTo(2);
      assertThat(person.getAnonymousIds()).contains("anon-1");
      assertThat(person.getUserId()).isEqualTo("user-1");
      assertThat(f.driver.getKeyValueStore(Stores.PROFILE_STORE).get("anon-1")).isNull();
      // Subscribers of the compacted topic see the anonymous profile retired: its key's last value
      // is a tombstone.
      List<TestRecord<String, ProspectProfile>> published = f.profiles.readRecordsToList();
      assertThat(published)
          .filteredOn(r -> r.key().equals("anon-1"))
          .last()
          .satisfies(r -> assertThat(r.value()).isNull());
      assertThat(published)
          .filteredOn(r -> r.value() != null)
          .extracting(TestRecord::key)
          .containsOnly("user-1");

      IdentityMerge merge = f.merges.readValuesToList().get(0);
      assertThat(merge.getStatus()).isEqualTo(MergeStatus.MERGED);
      assertThat(merge.getCanonicalId()).isEqualTo("user-1");
      assertThat(merge.getMemberIds()).containsExactly("anon-1");
      assertThat(merge.getRule()).isEqualTo(MergeRule.IDENTIFY);
    }
  }

  @Test
  void a_login_that_tells_an_email_and_two_handles_writes_the_person_once_per_commit() {
    try (var f = new TopologyFixture()) {
      // The claim saves the person once per thing it tells: the login, the email, each handle.
      f.identify(
          "anon-5",
          "user-5",
          traits()
              .setEmail("bea@shop.example.de")
              .setSocialHandles(Map.of("instagram", "bea.knits", "tiktok", "beaknits"))
              .build(),
          T0);

      List<TestRecord<String, byte[]>> written =
          f.changelog(Stores.IDENTITY_GROUP_STORE).readRecordsToList();
      assertThat(written).filteredOn(r -> r.key().equals("user-5")).hasSize(1);
      assertThat(f.merges.readValuesToList())
          .extracting(IdentityMerge::getCanonicalId)
          .containsExactly("user-5");
    }
  }

  @Test
  void
      a_login_whose_anonymous_id_sent_nothing_of_its_own_publishes_the_person_once_and_no_tombstone() {
    try (var f = new TopologyFixture()) {
      // The snippet sends the user id with every call once a shopper is known: the anonymous id
      // of the identify has no state and no profile of its own.
      f.send("user-3", WebEventType.PAGE_VIEW, T0);
      f.profiles.readRecordsToList();

      f.identify("anon-3", "user-3", traits().setFirstName("Cleo").build(), T0.plus(MINUTE));

      List<TestRecord<String, ProspectProfile>> published = f.profiles.readRecordsToList();
      assertThat(published).extracting(TestRecord::key).containsExactly("user-3");
      assertThat(published.get(0).value().getAnonymousIds()).containsExactly("anon-3");
      assertThat(published.get(0).value().getTraits().getFirstName()).isEqualTo("Cleo");
    }
  }

  @Test
  void the_devices_of_a_person_active_in_one_interval_publish_the_person_once() {
    try (var f = new TopologyFixture()) {
      f.productView("phone", "shoes", T0);
      f.identify("phone", "user-8", traits().build(), T0.plus(MINUTE));
      f.productView("laptop", "shoes", T0.plus(MINUTE));
      f.identify("laptop", "user-8", traits().build(), T0.plus(MINUTE.multipliedBy(2)));
      f.publish();
      f.profiles.readRecordsToList();

      // Both members' events in one interval: each member's own slot sends its state to the
      // person's partition, and the person's next slot publishes them together.
      Instant later = T0.plus(MINUTE.multipliedBy(3));
      f.web.pipeInput("phone", f.webEvent("phone", WebEventType.PAGE_VIEW, later).build(), later);
      f.web.pipeInput("laptop", f.webEvent("laptop", WebEventType.PAGE_VIEW, later).build(), later);
      f.publish();
      f.publish();

      List<TestRecord<String, ProspectProfile>> published = f.profiles.readRecordsToList();
      assertThat(published).extracting(TestRecord::key).containsExactly("user-8");
      assertThat(published.get(0).value().getActivity().getPageViews()).isEqualTo(2);
    }
  }

  @Test
  void the_same_email_on_two_devices_links_them_by_its_hash_never_the_raw_address() {
    try (var f = new TopologyFixture()) {
      f.productView("phone", "shoes", T0);
      f.identify("phone", traits().setEmail("Anna@Shop.example.de").build(), T0.plus(MINUTE));
      f.productView("laptop", "shoes", T0.plus(MINUTE.multipliedBy(2)));
      f.identify(
          "laptop",
          traits().setEmail(" anna@shop.example.de ").build(),
          T0.plus(MINUTE.multipliedBy(3)));

      List<IdentityMerge> merges = f.merges.readValuesToList();
      assertThat(merges)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getRule()).isEqualTo(MergeRule.EMAIL);
                assertThat(m.getMatchedOn())
                    .startsWith("email:")
                    .doesNotContain("anna")
                    .doesNotContain("@");
                assertThat(Set.of(m.getCanonicalId(), m.getMemberIds().get(0)))
                    .containsExactlyInAnyOrder("phone", "laptop");
              });
      String canonical = merges.get(0).getCanonicalId();
      assertThat(f.latest(canonical).getActivity().getProductViews()).isEqualTo(2);
    }
  }

  @Test
  void a_social_handle_seen_on_an_interaction_links_to_the_customer_who_told_it() {
    try (var f = new TopologyFixture()) {
      f.send(
          f.socialEvent("ig-visitor", SocialKind.LIKE, T0).setActorHandle("@Anna.Styles").build());
      f.send(
          f.socialEvent("ig-visitor", SocialKind.COMMENT, T0.plus(MINUTE))
              .setActorHandle("@Anna.Styles")
              .build());
      f.identify(
          "anon-9",
          "user-9",
          traits().setSocialHandles(Map.of("instagram", "anna.styles")).build(),
          T0.plus(MINUTE.multipliedBy(2)));

      assertThat(f.merges.readValuesToList())
          .extracting(IdentityMerge::getRule)
          .containsExactly(MergeRule.IDENTIFY, MergeRule.SOCIAL_HANDLE);
      ProspectProfile person = f.latest("user-9");
      assertThat(person.getActivity().getSocialInteractions()).isEqualTo(2);
      assertThat(person.getAnonymousIds()).contains("anon-9", "ig-visitor");
    }
  }

  @Test
  void alias_links_the_previous_id_to_the_user_id() {
    try (var f = new TopologyFixture()) {
      f.purchase("old-id", 80, T0);
      f.purchase("user-5", 40, T0.plus(Duration.ofDays(10)));
      f.alias("old-id", "user-5", T0.plus(Duration.ofDays(11)));

      ProspectProfile person = f.latest("user-5");
      assertThat(person.getActivity().getPurchases()).isEqualTo(2);
      assertThat(person.getRfm().getMonetary()).isEqualTo(120.0);
      assertThat(person.getStage().name()).isEqualTo("REPEAT_CUSTOMER");
      assertThat(f.merges.readValuesToList())
          .extracting(IdentityMerge::getRule)
          .containsExactly(MergeRule.ALIAS);
    }
  }

  @Test
  void a_person_already_stitched_joins_a_login_as_a_whole_and_every_device_ends_in_one_profile() {
    try (var f = new TopologyFixture()) {
      f.productView("phone", "shoes", T0);
      f.identify("phone", traits().setEmail("anna@shop.de").build(), T0.plus(MINUTE));
      f.productView("laptop", "shoes", T0.plus(MINUTE.multipliedBy(2)));
      f.identify(
          "laptop", traits().setEmail("anna@shop.de").build(), T0.plus(MINUTE.multipliedBy(3)));
      f.productView("tablet", "bags", T0.plus(MINUTE.multipliedBy(4)));
      f.identify("tablet", "user-7", traits().build(), T0.plus(MINUTE.multipliedBy(5)));
      f.identify("phone", "user-7", traits().build(), T0.plus(MINUTE.multipliedBy(6)));
      f.productView("phone", "bags", T0.plus(MINUTE.multipliedBy(7)));
      // A member's event reaches its person one publish slot after the member's own.
      f.publish();

      ProspectProfile person = f.latest("user-7");
      assertThat(person.getActivity().getProductViews()).isEqualTo(4);
      assertThat(person.getAnonymousIds()).contains("phone", "laptop", "tablet");
      var store = f.driver.getKeyValueStore(Stores.PROFILE_STORE);
      assertThat(List.of("phone", "laptop", "tablet"))
          .allSatisfy(id -> assertThat(store.get(id)).as(id).isNull());
      assertThat(f.merges.readValuesToList())
          .extracting(IdentityMerge::getCanonicalId)
          .last()
          .isEqualTo("user-7");
    }
  }

  @Test
  void a_placeholder_email_never_links_and_the_refusal_is_recorded() {
    try (var f = new TopologyFixture()) {
      f.identify("a", traits().setEmail("test@test.com").build(), T0);
      f.identify("b", traits().setEmail("test@test.com").build(), T0.plus(MINUTE));
      f.identify("c", traits().setEmail("noreply@shop.de").build(), T0.plus(MINUTE));

      List<IdentityMerge> records = f.merges.readValuesToList();
      assertThat(records)
          .hasSize(3)
          .allSatisfy(
              m -> {
                assertThat(m.getStatus()).isEqualTo(MergeStatus.REFUSED);
                assertThat(m.getReason()).isEqualTo(IdentityGraph.BLOCKED_VALUE);
              });
      assertThat(f.latest("a").getVisitorId()).isEqualTo("a");
      assertThat(f.latest("b").getVisitorId()).isEqualTo("b");
    }
  }

  @Test
  void a_person_never_grows_past_the_id_limit() {
    IdentityRules twoIds = new IdentityRules(2, Set.of(), Set.of(), Set.of());
    try (var f = new TopologyFixture(ScoringConfig.defaults(), twoIds)) {
      f.identify("a", traits().setEmail("anna@shop.de").build(), T0);
      f.identify("b", traits().setEmail("anna@shop.de").build(), T0.plus(MINUTE));
      f.identify("c", traits().setEmail("anna@shop.de").build(), T0.plus(MINUTE.multipliedBy(2)));

      List<IdentityMerge> records = f.merges.readValuesToList();
      assertThat(records)
          .extracting(IdentityMerge::getStatus)
          .containsExactly(MergeStatus.MERGED, MergeStatus.REFUSED);
      assertThat(records.get(1).getReason()).isEqualTo(IdentityGraph.MAX_IDS);
      assertThat(f.latest("c").getVisitorId()).isEqualTo("c");
    }
  }

  @Test
  void two_different_user_ids_on_one_device_are_not_merged() {
    try (var f = new TopologyFixture()) {
      f.identify("shared-tablet", "user-1", traits().build(), T0);
      f.identify("shared-tablet", "user-2", traits().build(), T0.plus(MINUTE));

      List<IdentityMerge> records = f.merges.readValuesToList();
      assertThat(records)
          .extracting(IdentityMerge::getStatus)
          .containsExactly(MergeStatus.MERGED, MergeStatus.REFUSED);
      assertThat(records.get(1).getReason()).isEqualTo(IdentityGraph.CONFLICTING_USER_ID);
      assertThat(f.latest("user-2").getAnonymousIds()).doesNotContain("user-1");
    }
  }

  @Test
  void an_unlinked_visitor_goes_straight_through_without_a_graph_or_route_entry() {
    try (var f = new TopologyFixture()) {
      f.productView("just-browsing", "shoes", T0);
      f.send("just-browsing", WebEventType.PAGE_VIEW, T0.plus(MINUTE));

      assertThat(f.profiles.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .containsExactly("just-browsing", "just-browsing");
      assertThat(f.driver.getKeyValueStore(Stores.IDENTITY_ROUTE_STORE).get("just-browsing"))
          .isNull();
      assertThat(f.driver.getKeyValueStore(Stores.IDENTITY_NODE_STORE).get("just-browsing"))
          .isNull();
      assertThat(f.merges.isEmpty()).isTrue();
    }
  }
}
