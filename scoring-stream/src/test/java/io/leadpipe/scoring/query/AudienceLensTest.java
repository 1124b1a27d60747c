package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.fit.Traits;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AudienceLensTest {

  /**
   * The default target: 25-45, middle/upper-middle/high income, DE FR ES IT NL US GB, fashion and
   * lifestyle.
   */
  private final AudienceLens lens =
      new AudienceLens(FitRules.defaults(), new AudienceLens.Settings(2, 0.6, 3));

  private static AudienceLens.Member member(
      String stage, Integer age, String income, String country, String... interests) {
    return new AudienceLens.Member(
        stage, new Traits(age, null, income, null, country, null, Set.of(interests)));
  }

  private final List<AudienceLens.Member> audience =
      List.of(
          member("ENGAGED_PROSPECT", 30, "middle", "de", "fashion"),
          member("HESITATING_BUYER", 60, "low", "BR", "gaming", "fashion"),
          member("CUSTOMER", null, null, null),
          member("VISITOR", 30, "high", "DE", "fashion"));

  private static AudienceReport.DimensionReport dimension(AudienceReport report, String name) {
    return report.dimensions().stream()
        .filter(d -> d.dimension().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void countsEngagedOrBetterProspectsAndHowManyFitTheTargetPerDimension() {
    AudienceReport report = lens.report(lens.tally(audience));

    assertThat(report.prospects()).isEqualTo(3);
    AudienceReport.DimensionReport age = dimension(report, "ageBand");
    assertThat(age.constrained()).isTrue();
    assertThat(age.target()).containsExactly("25-45");
    assertThat(age.known()).isEqualTo(2);
    assertThat(age.unknown()).isEqualTo(1);
    assertThat(age.matching()).isEqualTo(1);
    assertThat(age.matchShare()).isEqualTo(0.5);
    assertThat(age.mismatchScore()).isEqualTo(0.5);
    assertThat(age.mismatch()).isTrue();
    assertThat(age.distribution())
        .containsExactly(
            new AudienceReport.Bucket("25-34", 1, 0.5, true),
            new AudienceReport.Bucket("55-64", 1, 0.5, false));

    AudienceReport.DimensionReport location = dimension(report, "location");
    assertThat(location.distribution())
        .extracting(AudienceReport.Bucket::value)
        .containsExactly("BR", "DE");
    assertThat(location.distribution())
        .extracting(AudienceReport.Bucket::inTarget)
        .containsExactly(false, true);

    // Both engaged prospects share a target interest: interests fit, even though one also likes
    // gaming.
    AudienceReport.DimensionReport interests = dimension(report, "interests");
    assertThat(interests.matching()).isEqualTo(2);
    assertThat(interests.mismatch()).isFalse();
    assertThat(interests.distribution())
        .containsExactly(
            new AudienceReport.Bucket("fashion", 2, 1.0, true),
            new AudienceReport.Bucket("gaming", 1, 0.5, false));
  }

  @Test
  void aDimensionTheTargetLeavesOpenIsFittedByEveryKnownValue() {
    List<AudienceLens.Member> withGender =
        List.of(
            new AudienceLens.Member(
                "CUSTOMER", new Traits(null, "Female", null, null, null, null, Set.of())));
    AudienceReport.DimensionReport gender =
        dimension(lens.report(lens.tally(withGender)), "gender");
    assertThat(gender.constrained()).isFalse();
    assertThat(gender.target()).isEmpty();
    assertThat(gender.mismatch()).isFalse();
    assertThat(gender.mismatchScore()).isZero();
    assertThat(gender.matchShare()).isEqualTo(1.0);
    assertThat(gender.distribution())
        .containsExactly(new AudienceReport.Bucket("female", 1, 1.0, true));
  }

  @Test
  void tooFewKnownValuesAreNotFlaggedYet() {
    AudienceLens strict =
        new AudienceLens(FitRules.defaults(), new AudienceLens.Settings(3, 0.6, 3));
    assertThat(dimension(strict.report(strict.tally(audience)), "ageBand").mismatch()).isFalse();
  }

  @Test
  void instanceTalliesMergeIntoTheTallyOfEveryone() {
    AudienceTally merged =
        lens.merge(List.of(lens.tally(audience.subList(0, 2)), lens.tally(audience.subList(2, 4))));
    assertThat(merged).isEqualTo(lens.tally(audience));
  }

  @Test
  void onlyTheMostFrequentValuesAreKeptTheRestIsOther() {
    List<AudienceLens.Member> many =
        List.of(
            member("CUSTOMER", 30, null, "DE"),
            member("CUSTOMER", 30, null, "DE"),
            member("CUSTOMER", 30, null, "FR"),
            member("CUSTOMER", 30, null, "BR"),
            member("CUSTOMER", 30, null, "JP"),
            member("CUSTOMER", 30, null, "AR"));

    AudienceReport.DimensionReport location = dimension(lens.report(lens.tally(many)), "location");

    assertThat(location.distribution())
        .extracting(AudienceReport.Bucket::value)
        .containsExactly("DE", "AR", "BR", AudienceLens.OTHER);
    assertThat(location.distribution().get(3).profiles()).isEqualTo(2);
    assertThat(location.matching()).isEqualTo(3);
  }
}
