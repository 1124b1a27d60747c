package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.engagement.EngagementFactor;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.influence.InfluenceFactor;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier;
import io.leadpipe.scoring.lifecycle.LifecycleStage;
import io.leadpipe.scoring.rfm.Rfm;
import java.util.List;

/** A visitor's scores, lead types and stage as of the state's time, with what explains them. */
public record Scores(
    double engagement,
    List<EngagementFactor> engagementFactors,
    FitResult fit,
    double influence,
    List<InfluenceFactor> influenceFactors,
    InfluenceScorer.InfluenceType influenceType,
    LeadTypeClassifier.PurchaseFrequency purchaseFrequency,
    LeadTypeClassifier.PurchaseVolume purchaseVolume,
    Rfm rfm,
    LifecycleStage stage,
    List<String> topCategories,
    List<String> interests) {}
