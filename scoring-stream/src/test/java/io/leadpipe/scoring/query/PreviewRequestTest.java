package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.profile.HesitationSummary;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.propensity.Profiles;
import io.leadpipe.service.problem.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A preview's body as the test a profile passes: a segment rule as segment evaluation judges it
 * (time counted to now), a strategy audience as the notifier judges it (the current hesitation
 * standing for the followed-up one), and bad bodies as violations at their paths.
 */
class PreviewRequestTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);

  private static ProspectProfile hesitating() {
    return ProspectProfile.newBuilder(Profiles.at(T0, 40, null))
        .setStage(LifecycleStage.HESITATING_BUYER)
        .setSegments(List.of("cart-lovers"))
        .setLeadTypes(LeadTypes.newBuilder().setInfluence(InfluenceType.INFLUENCER).build())
        .setCurrentHesitation(
            HesitationSummary.newBuilder()
                .setHesitationId("h-1")
                .setKind(HesitationKind.CART_ABANDONED)
                .setDetectedAt(T0)
                .setPrimaryReason(HesitationReason.SHIPPING)
                .build())
        .setStatedReason(HesitationReason.PRICE)
        .build();
  }

  @Test
  void aSegmentRulesTimeAttributesCountToNowNotToTheLastEvaluation() {
    PreviewRequest away =
        PreviewRequest.segment(
            "{\"rule\":{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gte\",\"value\":7}}", NOW);
    assertThat(away.matcher().test(hesitating())).isTrue();
    assertThat(away.note()).isNull();
    // A rule may also come as a string, as in a definition.
    PreviewRequest asText =
        PreviewRequest.segment(
            "{\"rule\":\"{\\\"attr\\\":\\\"segments\\\",\\\"op\\\":\\\"contains\\\","
                + "\\\"value\\\":\\\"cart-lovers\\\"}\"}",
            NOW);
    assertThat(asText.matcher().test(hesitating())).isTrue();
  }

  @Test
  void anAudienceIsJudgedOnTheCurrentHesitationTheStatedReasonAndTheProfile() {
    String[] matching = {
      "{}",
      "{\"hesitationKinds\":[\"CART_ABANDONED\"],\"reasons\":[\"SHIPPING\"]}",
      "{\"reasons\":[\"PRICE\"]}",
      "{\"requiredSegments\":[\"cart-lovers\"],\"stages\":[\"HESITATING_BUYER\"]}",
      "{\"leadTypes\":[\"influence:INFLUENCER\"],\"minEngagementScore\":40}"
    };
    for (String audience : matching) {
      assertThat(
              PreviewRequest.audience("{\"audience\":" + audience + "}")
                  .matcher()
                  .test(hesitating()))
          .as(audience)
          .isTrue();
    }
    String[] notMatching = {
      "{\"hesitationKinds\":[\"CHECKOUT_ABANDONED\"]}",
      "{\"reasons\":[\"QUALITY\"]}",
      "{\"excludedSegments\":[\"cart-lovers\"]}",
      "{\"stages\":[\"CUSTOMER\"]}",
      "{\"minFitScore\":1}"
    };
    for (String audience : notMatching) {
      assertThat(
              PreviewRequest.audience("{\"audience\":" + audience + "}")
                  .matcher()
                  .test(hesitating()))
          .as(audience)
          .isFalse();
    }
    // Without an open hesitation, no hesitation kind holds.
    ProspectProfile calm =
        ProspectProfile.newBuilder(hesitating()).setCurrentHesitation(null).build();
    assertThat(
            PreviewRequest.audience("{\"audience\":{\"hesitationKinds\":[\"CART_ABANDONED\"]}}")
                .matcher()
                .test(calm))
        .isFalse();
    assertThat(PreviewRequest.audience("{\"audience\":{}}").note())
        .isEqualTo(PreviewRequest.AUDIENCE_NOTE);
  }

  @Test
  void aBadBodyIsRefusedWithEachViolationAtItsPath() {
    assertThat(violations(() -> PreviewRequest.segment("{\"rule\":{\"attr\":\"nope\"}}", NOW)))
        .extracting(Violation::field)
        .singleElement()
        .asString()
        .startsWith("rule");
    assertThat(
            violations(
                () ->
                    PreviewRequest.segment(
                        "{\"rule\":{\"any\":[{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"X\"},"
                            + "{\"attr\":\"nope\",\"op\":\"eq\",\"value\":1}]}}",
                        NOW)))
        .extracting(Violation::field)
        .containsExactly("rule.any[1].attr");
    assertThat(violations(() -> PreviewRequest.segment("{\"rules\":{}}", NOW)))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("rules", "rule");
    assertThat(violations(() -> PreviewRequest.segment("not json", NOW)))
        .extracting(Violation::field)
        .containsExactly("");
    assertThat(
            violations(
                () ->
                    PreviewRequest.audience(
                        "{\"audience\":{\"stages\":[\"NOPE\"],\"leadTypes\":[\"influence\"],"
                            + "\"minFitScore\":-1,\"reasons\":\"PRICE\",\"typo\":1}}")))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "audience.stages[0]",
            "audience.leadTypes[0]",
            "audience.minFitScore",
            "audience.reasons",
            "audience.typo");
  }

  private static List<Violation> violations(ThrowingCallable parse) {
    Throwable refused = catchThrowable(parse);
    assertThat(refused).isInstanceOf(InvalidQueryException.class);
    return ((InvalidQueryException) refused).violations();
  }
}
