package io.leadpipe.scoring.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fit = matched criterion weights / all configured weights x 100; grade A >= 80, B >= 60, C >= 40,
 * else D (thresholds in {@link FitRules}); profile lead type TARGET for A, NEAR_TARGET for B or C,
 * OFF_TARGET for D. Industry and company size (the visitor's account, from a group call) count only
 * when the target names them. Unknown traits earn nothing (we do not assume a fit we have not
 * seen), interests earn in proportion to the overlap.
 */
public final class FitScorer {

  private final FitRules rules;
  private final TargetCustomer target;

  public FitScorer(FitRules rules) {
    this.rules = rules;
    this.target = rules.target();
  }

  public FitResult score(Traits t) {
    var w = target.weights();
    List<FitResult.Factor> factors = new ArrayList<>();
    if (target.minAge() != null || target.maxAge() != null) {
      boolean known = t.age() != null;
      boolean ok =
          known
              && (target.minAge() == null || t.age() >= target.minAge())
              && (target.maxAge() == null || t.age() <= target.maxAge());
      factors.add(new FitResult.Factor("age", ok ? w.age() : 0, w.age(), known));
    }
    addSet(factors, "gender", target.genders(), t.gender(), w.gender());
    addSet(factors, "income", target.incomeBands(), t.incomeBand(), w.income());
    addSet(factors, "job", target.jobs(), t.job(), w.job());
    if (!target.locations().isEmpty()) {
      boolean known = t.country() != null || t.city() != null;
      boolean ok =
          contains(target.locations(), t.country()) || contains(target.locations(), t.city());
      factors.add(new FitResult.Factor("location", ok ? w.location() : 0, w.location(), known));
    }
    if (!target.interests().isEmpty()) {
      boolean known = !t.interests().isEmpty();
      long overlap = t.interests().stream().filter(i -> contains(target.interests(), i)).count();
      double share =
          Math.min(
              1.0,
              overlap
                  / (double) Math.min(rules.interestsForFullMatch(), target.interests().size()));
      factors.add(new FitResult.Factor("interests", w.interests() * share, w.interests(), known));
    }
    addSet(factors, "industry", target.industries(), t.industry(), w.industry());
    if (target.minEmployees() != null || target.maxEmployees() != null) {
      boolean known = t.employees() != null;
      boolean ok =
          known
              && (target.minEmployees() == null || t.employees() >= target.minEmployees())
              && (target.maxEmployees() == null || t.employees() <= target.maxEmployees());
      factors.add(
          new FitResult.Factor("companySize", ok ? w.companySize() : 0, w.companySize(), known));
    }
    double max = factors.stream().mapToDouble(FitResult.Factor::max).sum();
    double earned = factors.stream().mapToDouble(FitResult.Factor::points).sum();
    double score = max == 0 ? 0 : Math.round(earned / max * 1000.0) / 10.0;
    FitResult.Grade grade =
        score >= rules.gradeA()
            ? FitResult.Grade.A
            : score >= rules.gradeB()
                ? FitResult.Grade.B
                : score >= rules.gradeC() ? FitResult.Grade.C : FitResult.Grade.D;
    FitResult.ProfileFit type =
        switch (grade) {
          case A -> FitResult.ProfileFit.TARGET;
          case B, C -> FitResult.ProfileFit.NEAR_TARGET;
          case D -> FitResult.ProfileFit.OFF_TARGET;
        };
    return new FitResult(score, grade, type, List.copyOf(factors));
  }

  private static void addSet(
      List<FitResult.Factor> factors,
      String name,
      Set<String> wanted,
      String value,
      double weight) {
    if (wanted.isEmpty()) {
      return;
    }
    factors.add(
        new FitResult.Factor(name, contains(wanted, value) ? weight : 0, weight, value != null));
  }

  private static boolean contains(Set<String> lowerSet, String value) {
    return value != null && lowerSet.contains(value.toLowerCase(Locale.ROOT));
  }
}
