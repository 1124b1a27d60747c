package io.leadpipe.scoring.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FitScorerTest {

  // Weights add up to 100 so each expected score reads directly.
  private final FitScorer scorer =
      new FitScorer(
          FitRules.of(
              new TargetCustomer(
                  25,
                  45,
                  Set.of("female"),
                  Set.of("high"),
                  Set.of("designer"),
                  Set.of("DE"),
                  Set.of("fashion", "shoes"),
                  new TargetCustomer.Weights(20, 10, 20, 10, 20, 20))));

  @Test
  void fullMatchIsGradeATarget() {
    var r =
        scorer.score(
            new Traits(
                30, "Female", "high", "designer", "de", "Berlin", Set.of("fashion", "shoes")));
    assertThat(r.score()).isEqualTo(100.0);
    assertThat(r.grade()).isEqualTo(FitResult.Grade.A);
    assertThat(r.profileFit()).isEqualTo(FitResult.ProfileFit.TARGET);
  }

  @Test
  void missingJobAndHalfTheInterestsStillReachesTheGradeABoundaryAndLowIncomeDropsToB() {
    // age 20 + gender 10 + income 20 + job 0 + location 20 + one of two interests 10 = 80
    var r =
        scorer.score(new Traits(30, "female", "high", "student", "DE", null, Set.of("fashion")));
    assertThat(r.score()).isEqualTo(80.0);
    assertThat(r.grade()).isEqualTo(FitResult.Grade.A);

    var b = scorer.score(new Traits(30, "female", "low", "student", "DE", null, Set.of("fashion")));
    assertThat(b.score()).isEqualTo(60.0);
    assertThat(b.grade()).isEqualTo(FitResult.Grade.B);
    assertThat(b.profileFit()).isEqualTo(FitResult.ProfileFit.NEAR_TARGET);
  }

  @Test
  void gradeCAndD() {
    var c = scorer.score(new Traits(50, "female", "high", null, "DE", null, Set.of()));
    assertThat(c.score()).isEqualTo(50.0);
    assertThat(c.grade()).isEqualTo(FitResult.Grade.C);

    var d = scorer.score(new Traits(19, "male", "low", "student", "BR", "Rio", Set.of("gaming")));
    assertThat(d.score()).isEqualTo(0.0);
    assertThat(d.grade()).isEqualTo(FitResult.Grade.D);
    assertThat(d.profileFit()).isEqualTo(FitResult.ProfileFit.OFF_TARGET);
  }

  @Test
  void unknownTraitsEarnNothingAndAreMarkedUnknown() {
    var r = scorer.score(Traits.unknown());
    assertThat(r.score()).isEqualTo(0.0);
    assertThat(r.factors()).allMatch(f -> !f.known());
  }

  @Test
  void gradeThresholdsAndTheInterestsForAFullMatchAreConfigurable() {
    var lenient = new FitScorer(new FitRules(TargetCustomer.defaults(), 50, 30, 10, 1));
    // Default target, 80 points: age 25 + one interest, a full match with one needed (15) = 40 → 50
    // → A.
    var r = lenient.score(new Traits(30, null, null, null, null, null, Set.of("shoes")));
    assertThat(r.score()).isEqualTo(50.0);
    assertThat(r.grade()).isEqualTo(FitResult.Grade.A);
    assertThatThrownBy(() -> new FitRules(TargetCustomer.defaults(), 40, 60, 20, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aB2bTargetScoresTheAccountsIndustryAndSize() {
    // Only account criteria: industry 60, company size 40.
    var b2b =
        new FitScorer(
            FitRules.of(
                new TargetCustomer(
                    null,
                    null,
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of("Software", "retail"),
                    50,
                    1000,
                    new TargetCustomer.Weights(0, 0, 0, 0, 0, 0, 60, 40))));
    Traits person = new Traits(30, null, null, null, null, null, Set.of());

    var fits = b2b.score(withAccount(person, "software", 420));
    var tooSmall = b2b.score(withAccount(person, "Retail", 12));
    var noAccount = b2b.score(person);

    assertThat(fits.score()).isEqualTo(100.0);
    assertThat(fits.factors())
        .extracting(FitResult.Factor::criterion)
        .containsExactlyInAnyOrder("industry", "companySize");
    assertThat(tooSmall.score()).isEqualTo(60.0);
    assertThat(noAccount.score()).isZero();
    assertThat(noAccount.factors()).noneMatch(FitResult.Factor::known);
    // The B2C scorer above names no account criteria: an account changes nothing.
    assertThat(scorer.score(withAccount(person, "software", 420)).factors())
        .extracting(FitResult.Factor::criterion)
        .doesNotContain("industry", "companySize");
  }

  @Test
  void aCompanySizeRangeMustBeOrdered() {
    assertThatThrownBy(
            () ->
                new TargetCustomer(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Set.of(),
                    500,
                    10,
                    new TargetCustomer.Weights(1, 1, 1, 1, 1, 1, 1, 1)))
        .hasMessageContaining("minEmployees");
  }

  private static Traits withAccount(Traits t, String industry, Integer employees) {
    return new Traits(
        t.age(),
        t.gender(),
        t.incomeBand(),
        t.job(),
        t.country(),
        t.city(),
        t.interests(),
        industry,
        employees);
  }
}
