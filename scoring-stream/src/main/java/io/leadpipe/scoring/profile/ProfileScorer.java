package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.fit.FitScorer;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.influence.InfluenceStats;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier;
import io.leadpipe.scoring.rfm.Rfm;
import io.leadpipe.scoring.rfm.TopCategories;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the plain scoring rules to a visitor's state at a moment: the state's latest event time
 * (what a replay reproduces), or a later one, the clock, for what changes with time alone (decay,
 * stage, purchase frequency, RFM recency, age).
 */
public final class ProfileScorer {

  private final ScoringRules rules;
  private final EngagementScorer engagement;
  private final FitScorer fit;
  private final InfluenceScorer influence;
  private final LeadTypeClassifier leadTypes;

  public ProfileScorer(ScoringRules rules) {
    this.rules = rules;
    this.engagement = new EngagementScorer(rules.engagement());
    this.fit = new FitScorer(rules.fit());
    this.influence = new InfluenceScorer(rules.influence());
    this.leadTypes = new LeadTypeClassifier(rules.leadTypes());
  }

  /** The scores as of the state's latest event time. */
  public Scores score(ProfileState s) {
    return score(s, s.asOf());
  }

  /** The scores at {@code at}; a moment before the state's latest event counts as that event's. */
  public Scores score(ProfileState s, Instant at) {
    Instant now = at == null || at.isBefore(s.asOf()) ? s.asOf() : at;
    double engagementScore = engagement.score(s.signals(), now);
    List<String> topCategories = topCategories(s);
    List<String> interests = interests(s, topCategories);
    FitResult fitResult = fit.score(s.traits().forFit(now, interests));
    InfluenceStats reach = s.reach().stats();
    var purchases = s.purchases();
    return new Scores(
        engagementScore,
        engagement.topFactors(s.signals(), now),
        fitResult,
        influence.score(reach),
        influence.factors(reach),
        influence.type(reach),
        leadTypes.frequency(purchases, now),
        leadTypes.volume(purchases),
        Rfm.of(
            rules.rfm(),
            purchases.purchases(),
            purchases.totalSpend(),
            purchases.lastPurchase(),
            now),
        rules.lifecycle().stage(purchases, s.hesitation().hesitating(), engagementScore, now),
        topCategories,
        interests);
  }

  /**
   * The three scores a history point keeps, as of the state's latest event time: what every applied
   * input needs, without the factors, lead types, RFM and stage that only a published profile shows
   * (a profile is published at most once per publish interval, an input applied each time).
   */
  public ScoreHistory.Point historyPoint(ProfileState s) {
    Instant now = s.asOf();
    List<String> topCategories = topCategories(s);
    return new ScoreHistory.Point(
        now,
        engagement.score(s.signals(), now),
        fit.score(s.traits().forFit(now, interests(s, topCategories))).score(),
        influence.score(s.reach().stats()));
  }

  private List<String> topCategories(ProfileState s) {
    return TopCategories.top(s.categoryViews(), rules.activity().topCategories());
  }

  /**
   * Declared interests first, then the categories the visitor views most (lower case, each once).
   */
  private List<String> interests(ProfileState s, List<String> topCategories) {
    List<String> behaviourInterests =
        topCategories.subList(
            0, Math.min(topCategories.size(), rules.activity().interestsFromCategories()));
    Set<String> all = new LinkedHashSet<>(s.traits().interests());
    behaviourInterests.forEach(c -> all.add(c.toLowerCase(java.util.Locale.ROOT)));
    return List.copyOf(all);
  }
}
