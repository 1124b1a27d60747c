package io.leadpipe.scoring.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time attributes count, in days with decimals, to the moment the profile was evaluated at. */
class TimeAttributesViewTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ProfileMapper mapper = new ProfileMapper(ScoringRules.defaults());

  private static ProfileState state(Instant firstSeen, Instant lastSeen, PurchaseStats purchases) {
    return new ProfileState(
        "v", null, List.of(), firstSeen, lastSeen, lastSeen, 1, null, null, null, purchases, null,
        null, null, null, null, null);
  }

  @Test
  void daysSinceCountToTheEvaluationTimeWithDecimals() {
    Instant lastSeen = T0.plus(Duration.ofDays(2));
    var s = state(T0, lastSeen, PurchaseStats.none().plus(T0.plus(Duration.ofDays(1)), 20, 1));
    var profile = mapper.toProfile(s, lastSeen.plus(Duration.ofHours(6)));
    var view = ProfileAttributesView.of(profile);
    assertThat(view.get("activity.daysSinceLastSeen")).isEqualTo(0.25);
    assertThat(view.get("activity.daysSinceFirstSeen")).isEqualTo(2.25);
    assertThat(view.get("activity.daysSinceLastPurchase")).isEqualTo(1.25);
    assertThat(ProfileAttributes.KNOWN)
        .contains(
            "activity.daysSinceLastSeen",
            "activity.daysSinceFirstSeen",
            "activity.daysSinceLastPurchase");
    assertThat(
            SegmentEvaluator.matches(
                SegmentRuleParser.parse(
                    "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":0.2}"),
                view))
        .isTrue();
  }

  @Test
  void anInputsPublishCountsToItsEventTimeAndANeverBuyerHasNoDaysSinceLastPurchase() {
    Instant lastSeen = T0.plus(Duration.ofDays(3));
    var profile = mapper.toProfile(state(T0, lastSeen, PurchaseStats.none()));
    assertThat(profile.getEvaluatedAt()).isEqualTo(lastSeen);
    var view = ProfileAttributesView.of(profile);
    assertThat(view.get("activity.daysSinceLastSeen")).isEqualTo(0.0);
    assertThat(view.get("activity.daysSinceFirstSeen")).isEqualTo(3.0);
    assertThat(view).doesNotContainKey("activity.daysSinceLastPurchase");
    // A clock behind the latest event never makes time run backwards.
    assertThat(mapper.toProfile(state(T0, lastSeen, null), T0).getEvaluatedAt())
        .isEqualTo(lastSeen);
  }
}
