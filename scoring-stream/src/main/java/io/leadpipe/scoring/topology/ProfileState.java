package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import java.time.Instant;
import java.util.Map;

/**
 * Internal per-visitor state: what the public profile is computed from (counters, decay state per signal,
 * purchase history). Kept in our own JSON serde because the decay state is not part of the contract.
 */
public record ProfileState(String visitorId, Instant firstSeen, Instant lastSeen, long revision,
                           int pageViews, int productViews, int searches, int cartAdds, int checkouts,
                           Map<String, SignalState> signals, PurchaseStats purchases) {

    public static ProfileState empty(String visitorId, Instant at) {
        return new ProfileState(visitorId, at, at, 0, 0, 0, 0, 0, 0, Map.of(), PurchaseStats.none());
    }
}
