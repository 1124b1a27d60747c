package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.fit.TargetCustomer;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.leadtype.LeadTypeRules;
import io.leadpipe.scoring.lifecycle.LifecycleRules;
import java.time.Duration;

/** Everything the topology's rules need, as plain values (Micronaut configuration maps into this). */
public record ScoringConfig(EngagementRules engagement, TargetCustomer target, LeadTypeRules leadTypes,
                            LifecycleRules lifecycle, InfluenceScorer influence,
                            Duration dedupeWindow, Duration grace, Duration segmentCheckInterval) {

    public static ScoringConfig defaults() {
        return new ScoringConfig(EngagementRules.defaults(), TargetCustomer.defaults(), LeadTypeRules.defaults(),
                LifecycleRules.defaults(), InfluenceScorer.defaults(), Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(1));
    }
}
