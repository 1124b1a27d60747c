package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** No example carries anything from after its snapshot time. */
class PurchaseSnapshotTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);

  @Test
  void features_are_frozen_at_the_snapshot_time() {
    PurchaseSnapshot snapshot = PurchaseSnapshot.open(Profiles.at(T, 10, null), WEEK, 0.2, 60);
    double[] atSnapshot = PropensityFeatures.of(Profiles.at(T, 10, null));

    PurchaseSnapshot later =
        snapshot.observe(Profiles.at(T.plus(Duration.ofDays(2)), 95, T.plus(Duration.ofDays(2))));

    assertThat(later.example().features()).containsExactly(atSnapshot);
    assertThat(later.example().snapshotAt()).isEqualTo(T.toEpochMilli());
    assertThat(later.example().horizonEnd()).isEqualTo(T.plus(WEEK).toEpochMilli());
  }

  @Test
  void a_purchase_within_the_horizon_is_the_label() {
    PurchaseSnapshot snapshot = PurchaseSnapshot.open(Profiles.at(T, 10, null), WEEK, 0.2, 60);

    assertThat(snapshot.observe(profileWithPurchaseAt(T.plus(Duration.ofDays(3)))).purchased())
        .isTrue();
    assertThat(snapshot.observe(profileWithPurchaseAt(T.plus(WEEK))).purchased()).isTrue();
  }

  @Test
  void a_purchase_after_the_horizon_or_at_or_before_the_snapshot_is_not() {
    PurchaseSnapshot snapshot = PurchaseSnapshot.open(Profiles.at(T, 10, null), WEEK, 0.2, 60);

    assertThat(snapshot.observe(profileWithPurchaseAt(T.plus(WEEK).plusMillis(1))).purchased())
        .isFalse();
    // Known at the snapshot time: it is a feature, not the outcome.
    assertThat(snapshot.observe(profileWithPurchaseAt(T)).purchased()).isFalse();
    // Arrived late but happened before the snapshot.
    assertThat(snapshot.observe(profileWithPurchaseAt(T.minusSeconds(60))).purchased()).isFalse();
  }

  @Test
  void once_bought_a_later_profile_does_not_undo_the_label() {
    PurchaseSnapshot bought =
        PurchaseSnapshot.open(Profiles.at(T, 10, null), WEEK, 0.2, 60)
            .observe(profileWithPurchaseAt(T.plus(Duration.ofDays(1))));

    assertThat(bought.observe(profileWithPurchaseAt(T.plus(Duration.ofDays(9)))).purchased())
        .isTrue();
  }

  @Test
  void the_revenue_is_the_spend_since_the_snapshot_within_the_horizon_only() {
    var atSnapshot = Profiles.at(T, 10, T.minus(Duration.ofDays(30)));
    atSnapshot.getRfm().setMonetary(100);
    PurchaseSnapshot snapshot = PurchaseSnapshot.open(atSnapshot, WEEK, 0.2, 60);
    double[] features = snapshot.features().clone();

    var first = profileWithPurchaseAt(T.plus(Duration.ofDays(1)));
    first.getRfm().setMonetary(140);
    var second = profileWithPurchaseAt(T.plus(Duration.ofDays(6)));
    second.getRfm().setMonetary(165);
    var afterHorizon = profileWithPurchaseAt(T.plus(Duration.ofDays(8)));
    afterHorizon.getRfm().setMonetary(500);
    PurchaseSnapshot closed = snapshot.observe(first).observe(second).observe(afterHorizon);

    assertThat(closed.purchased()).isTrue();
    assertThat(closed.revenue()).isEqualTo(65);
    // What was forecast at the snapshot stays; the outcome reaches neither features nor forecast.
    assertThat(closed.predicted()).isEqualTo(0.2);
    assertThat(closed.expectedOrderValue()).isEqualTo(60);
    assertThat(closed.example().features()).containsExactly(features);
  }

  @Test
  void the_features_describe_the_evaluation_time_not_the_latest_event() {
    // A timer publishes a profile evaluated later than its last event: days since last seen count
    // to the evaluation time, which is also the snapshot time.
    var p = Profiles.at(T, 10, null);
    p.setEvaluatedAt(T.plus(Duration.ofDays(7)));

    PurchaseSnapshot snapshot = PurchaseSnapshot.open(p, WEEK, 0.2, 60);

    assertThat(snapshot.snapshotAt()).isEqualTo(T.plus(Duration.ofDays(7)).toEpochMilli());
    assertThat(snapshot.features()[PropensityFeatures.NAMES.indexOf("recently seen")])
        .isEqualTo(Math.exp(-1));
  }

  private static io.leadpipe.schemas.profile.ProspectProfile profileWithPurchaseAt(Instant at) {
    return Profiles.at(at, 50, at);
  }
}
