package io.leadpipe.scoring.identity;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.privacy.PrivacyRequestKind;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.privacy.ErasedIds;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Undoing a merge restores the separate profiles; erasing a person tombstones them and suppresses
 * their ids.
 */
class UndoAndEraseTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void undo_restores_both_profiles_with_what_each_did_before_and_after_the_merge() {
    try (var f = new TopologyFixture()) {
      f.productView("anon-1", "shoes", T0);
      f.send("user-1", WebEventType.PAGE_VIEW, T0);
      f.identify("anon-1", "user-1", traits().build(), T0.plus(MINUTE));
      f.productView("anon-1", "bags", T0.plus(MINUTE.multipliedBy(2)));
      f.publish(); // the member's event reaches its person one slot after its own
      assertThat(f.latest("user-1").getActivity().getProductViews()).isEqualTo(2);
      String mergeId = f.merges.readValuesToList().get(0).getMergeId();
      f.profiles.readRecordsToList();

      f.command(IdentityCommandKind.UNDO_MERGE, mergeId, null, T0.plus(MINUTE.multipliedBy(3)));

      assertThat(f.latest("anon-1").getActivity().getProductViews()).isEqualTo(2);
      assertThat(f.latest("user-1").getActivity().getProductViews()).isZero();
      assertThat(f.latest("user-1").getActivity().getPageViews()).isEqualTo(1);
      assertThat(f.profiles.readKeyValuesToList())
          .extracting(kv -> kv.key)
          .contains("anon-1", "user-1");
      IdentityMerge undone = f.merges.readValuesToList().get(0);
      assertThat(undone.getMergeId()).isEqualTo(mergeId);
      assertThat(undone.getStatus()).isEqualTo(MergeStatus.UNDONE);
      assertThat(undone.getReason()).isEqualTo("undone by ops");

      // After the undo each id's events stay in its own profile, and the same identify does not
      // re-merge them.
      f.identify("anon-1", "user-1", traits().build(), T0.plus(MINUTE.multipliedBy(4)));
      f.productView("anon-1", "bags", T0.plus(MINUTE.multipliedBy(5)));
      assertThat(f.latest("anon-1").getActivity().getProductViews()).isEqualTo(3);
      assertThat(f.merges.readValuesToList())
          .extracting(IdentityMerge::getStatus)
          .containsExactly(MergeStatus.REFUSED);
    }
  }

  @Test
  void
      erase_tombstones_every_linked_profile_and_merge_record_and_new_events_from_those_ids_create_nothing() {
    try (var f = new TopologyFixture()) {
      f.define("browsers", "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}");
      f.send("anon-1", WebEventType.PAGE_VIEW, T0);
      f.identify("anon-1", "user-1", traits().setEmail("anna@shop.de").build(), T0.plus(MINUTE));
      f.send("user-1", WebEventType.PAGE_VIEW, T0.plus(MINUTE.multipliedBy(2)));
      String mergeId = f.merges.readValuesToList().get(0).getMergeId();
      f.profiles.readRecordsToList();
      f.segmentChanges.readRecordsToList();

      f.command(IdentityCommandKind.ERASE, null, "anon-1", T0.plus(MINUTE.multipliedBy(3)));

      List<KeyValue<String, ProspectProfile>> published = f.profiles.readKeyValuesToList();
      assertThat(published).contains(KeyValue.pair("user-1", null));
      assertThat(published).filteredOn(kv -> kv.value != null).isEmpty();
      assertThat(f.merges.readKeyValuesToList()).containsExactly(KeyValue.pair(mergeId, null));
      assertThat(f.segmentChanges.readValuesToList())
          .extracting(SegmentChange::getVisitorId, SegmentChange::getChange)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("user-1", SegmentChangeType.EXITED));
      PrivacyRequest request = f.privacyRequests.readValuesToList().get(0);
      assertThat(request.getKind()).isEqualTo(PrivacyRequestKind.ERASE);
      assertThat(request.getSubjectIdHash()).isEqualTo(Hashing.sha256("anon-1"));
      assertThat(request.getLinkedIdHashes())
          .containsExactlyInAnyOrder(Hashing.sha256("anon-1"), Hashing.sha256("user-1"));
      // One erasure per linked id, keyed by the id, for the applications that keep their own state
      // per visitor.
      assertThat(f.erasures.readKeyValuesToList())
          .extracting(kv -> kv.key, kv -> kv.value.getRequestId(), kv -> kv.value.getErasedAt())
          .containsExactlyInAnyOrder(
              tuple("anon-1", request.getRequestId(), T0.plus(MINUTE.multipliedBy(3))),
              tuple("user-1", request.getRequestId(), T0.plus(MINUTE.multipliedBy(3))));
      for (String store :
          List.of(
              Stores.PROFILE_STATE_STORE,
              Stores.PROFILE_STORE,
              Stores.IDENTITY_ROUTE_STORE,
              Stores.IDENTITY_MERGED_STORE,
              Stores.IDENTITY_NODE_STORE,
              Stores.IDENTITY_GROUP_STORE)) {
        assertThat(f.driver.getKeyValueStore(store).get("anon-1")).as(store).isNull();
        assertThat(f.driver.getKeyValueStore(store).get("user-1")).as(store).isNull();
      }

      f.send("anon-1", WebEventType.PAGE_VIEW, T0.plus(MINUTE.multipliedBy(4)));
      f.send("user-1", WebEventType.PRODUCT_VIEW, T0.plus(MINUTE.multipliedBy(4)));
      f.identify(
          "anon-1",
          "user-1",
          traits().setEmail("anna@shop.de").build(),
          T0.plus(MINUTE.multipliedBy(5)));

      assertThat(f.profiles.isEmpty()).isTrue();
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(f.erasures.isEmpty()).isTrue();
      assertThat(f.driver.getKeyValueStore(Stores.PROFILE_STATE_STORE).get("user-1")).isNull();
      assertThat(suppressed(f)).isEqualTo(3.0);
    }
  }

  @Test
  void erasing_a_visitor_the_graph_never_saw_still_erases_their_profile() {
    try (var f = new TopologyFixture()) {
      f.send("lurker", WebEventType.PAGE_VIEW, T0);
      f.profiles.readRecordsToList();

      f.command(IdentityCommandKind.ERASE, null, "lurker", T0.plus(MINUTE));

      assertThat(f.profiles.readKeyValuesToList()).containsExactly(KeyValue.pair("lurker", null));
      assertThat(f.privacyRequests.readValuesToList())
          .singleElement()
          .satisfies(
              r -> assertThat(r.getLinkedIdHashes()).containsExactly(Hashing.sha256("lurker")));
    }
  }

  /** Suppressed inputs counted over every stage and task. */
  private static double suppressed(TopologyFixture f) {
    return f.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(ErasedIds.METRIC + "-total"))
        .map(java.util.Map.Entry::getValue)
        .mapToDouble(m -> ((Number) ((Metric) m).metricValue()).doubleValue())
        .sum();
  }
}
