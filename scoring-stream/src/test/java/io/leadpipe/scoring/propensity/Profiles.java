package io.leadpipe.scoring.propensity;

import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import java.time.Instant;

/** Minimal profiles for the propensity tests: only what the features read is varied. */
public final class Profiles {

  private Profiles() {}

  public static ProspectProfile at(Instant at, double engagement, Instant lastPurchaseAt) {
    return ProspectProfile.newBuilder()
        .setVisitorId("v1")
        .setFirstSeen(at)
        .setLastSeen(at)
        .setUpdatedAt(at)
        .setRevision(1)
        .setActivity(
            Activity.newBuilder()
                .setLastPurchaseAt(lastPurchaseAt)
                .setPurchases(lastPurchaseAt == null ? 0 : 1)
                .build())
        .setRfm(Rfm.newBuilder().build())
        .setTraits(Traits.newBuilder().build())
        .setEngagement(Score.newBuilder().setValue(engagement).build())
        .setFit(FitScore.newBuilder().build())
        .setInfluence(Influence.newBuilder().build())
        .setLeadTypes(LeadTypes.newBuilder().build())
        .setStage(LifecycleStage.VISITOR)
        .build();
  }
}
