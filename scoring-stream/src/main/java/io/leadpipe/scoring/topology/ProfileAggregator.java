package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ProfileUpdater;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.scoring.referral.ReferralEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * input for a visitor → their state updated in event time (profile-state-store) → the freshly scored profile,
 * plus the referral reports the input caused (for the referral codes' side). The profile record carries the
 * cause (the input's message id) in a header, so a segment change can name it.
 */
final class ProfileAggregator implements Processor<String, VisitorInput, String, ProfileAggregator.Applied> {

    /** Either the updated profile or one referral report, keyed by visitor. */
    record Applied(ProspectProfile profile, ReferralEvent report) {
    }

    static final String CAUSE_HEADER = "leadpipe-cause";

    private static final Logger LOG = LoggerFactory.getLogger(ProfileAggregator.class);

    private final ProfileUpdater updater;
    private final ProfileMapper mapper;
    private ProcessorContext<String, Applied> context;
    private KeyValueStore<String, ProfileState> states;

    ProfileAggregator(ScoringConfig config) {
        this.updater = new ProfileUpdater(config.rules(), config.grace());
        this.mapper = new ProfileMapper(config.rules());
    }

    @Override
    public void init(ProcessorContext<String, Applied> context) {
        this.context = context;
        this.states = context.getStateStore(ProspectTopology.PROFILE_STATE_STORE);
    }

    @Override
    public void process(Record<String, VisitorInput> record) {
        var update = updater.apply(record.key(), states.get(record.key()), record.value());
        if (update == null) {
            LOG.debug("Dropping input for {} older than the grace period", record.key());
            return;
        }
        states.put(record.key(), update.state());
        long at = update.state().asOf().toEpochMilli();
        Record<String, Applied> profile = new Record<>(record.key(),
                new Applied(mapper.toProfile(update.state(), update.scores()), null), at);
        profile.headers().add(CAUSE_HEADER, cause(record.value()).getBytes(StandardCharsets.UTF_8));
        context.forward(profile);
        for (ReferralEvent report : update.referrals()) {
            context.forward(new Record<>(record.key(), new Applied(null, report), at));
        }
    }

    private static String cause(VisitorInput input) {
        if (input instanceof VisitorInput.HesitationUpdate h) {
            return "hesitation " + h.hesitation().getHesitationId() + " " + h.hesitation().getStatus();
        }
        if (input instanceof VisitorInput.Credit c) {
            return "referral credit " + c.credit().creditId();
        }
        // Message ids are namespaced by input (web:, social:, identity:); the cause names the original id.
        String key = input.dedupeKey();
        return key.substring(key.indexOf(':') + 1);
    }
}
