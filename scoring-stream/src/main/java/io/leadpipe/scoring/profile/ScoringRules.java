package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.history.HistoryRules;
import io.leadpipe.scoring.influence.InfluenceRules;
import io.leadpipe.scoring.leadtype.LeadTypeRules;
import io.leadpipe.scoring.lifecycle.LifecycleRules;
import io.leadpipe.scoring.referral.ReferralRules;
import io.leadpipe.scoring.rfm.RfmRules;

/** Every rule a profile is scored by, with e-commerce defaults (docs/scoring.md lists them). */
public record ScoringRules(
    EngagementRules engagement,
    FitRules fit,
    InfluenceRules influence,
    LeadTypeRules leadTypes,
    RfmRules rfm,
    LifecycleRules lifecycle,
    ActivityRules activity,
    ReferralRules referral,
    HistoryRules history,
    ProfileLimits limits) {

  public static ScoringRules defaults() {
    return new ScoringRules(
        EngagementRules.defaults(),
        FitRules.defaults(),
        InfluenceRules.defaults(),
        LeadTypeRules.defaults(),
        RfmRules.defaults(),
        LifecycleRules.defaults(),
        ActivityRules.defaults(),
        ReferralRules.defaults(),
        HistoryRules.defaults(),
        ProfileLimits.defaults());
  }
}
