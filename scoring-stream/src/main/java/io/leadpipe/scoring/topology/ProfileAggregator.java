package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ProfileUpdater;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.scoring.referral.ReferralEvent;
import io.leadpipe.streams.deadletter.DeadLetters;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * input for a visitor → (a message id the state already applied within the dedupe window → dropped)
 * → their state updated in event time (profile-state-store) → "this visitor changed, because of
 * this input" (the profile itself is built once per publish interval by {@link PendingProfiles}),
 * plus the referral reports the input caused (for the referral codes' side). The cause (the input's
 * message id) reaches segment changes. An input the rules fail on is dead-lettered
 * (processing-failed) instead of stopping the visitor's partition. Every input but a duplicate also
 * comes out as accepted, for the identity claims it makes.
 */
public final class ProfileAggregator
    implements Processor<String, VisitorInput, String, ProfileAggregator.Applied> {

  /**
   * The cause of a change to the visitor's state, one referral report, or the dead letter of an
   * input that could not be applied; {@code accepted} is the input when it was no duplicate
   * (applied, too late for the state, or dead-lettered), once per input.
   */
  record Applied(
      String changed, VisitorInput accepted, ReferralEvent report, DeadLetter deadLetter) {}

  /**
   * The header naming what caused a profile record (an input's message id, a merge, an erase):
   * segment changes carry it.
   */
  public static final String CAUSE_HEADER = "leadpipe-cause";

  private static final Logger LOG = LoggerFactory.getLogger(ProfileAggregator.class);

  private final ProfileUpdater updater;
  private ProcessorContext<String, Applied> context;
  private KeyValueStore<String, ProfileState> states;

  ProfileAggregator(ScoringConfig config) {
    this.updater = new ProfileUpdater(config.rules(), config.grace(), config.dedupeWindow());
  }

  @Override
  public void init(ProcessorContext<String, Applied> context) {
    this.context = context;
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
  }

  @Override
  public void process(Record<String, VisitorInput> record) {
    ProfileState current = states.get(record.key());
    VisitorInput input = record.value();
    ProfileUpdater.Update update;
    try {
      // Only the pure rules are guarded: a store or producer failure must still fail the task
      // (exactly-once).
      update = updater.apply(record.key(), current, input);
    } catch (RuntimeException e) {
      LOG.warn("Dead-lettering input {} for {}: {}", cause(input), record.key(), e.toString());
      context.forward(
          record.withValue(
              new Applied(
                  null,
                  input,
                  null,
                  ProspectTopology.DEAD_LETTERS.of(
                      context.recordMetadata().orElse(null),
                      input.getClass().getSimpleName(),
                      record.timestamp(),
                      DeadLetters.PROCESSING_FAILED,
                      e.getClass().getName(),
                      String.valueOf(e.getMessage()),
                      null,
                      Map.of("cause", cause(input))))));
      return;
    }
    if (update == ProfileUpdater.DUPLICATE) {
      LOG.debug("Dropping duplicate input {}", cause(input));
      return;
    }
    if (update == null) {
      LOG.debug("Dropping input for {} older than the grace period", record.key());
      context.forward(record.withValue(new Applied(null, input, null, null)));
      return;
    }
    states.put(record.key(), update.state());
    long at = update.state().asOf().toEpochMilli();
    context.forward(new Record<>(record.key(), new Applied(cause(input), input, null, null), at));
    for (ReferralEvent report : update.referrals()) {
      context.forward(new Record<>(record.key(), new Applied(null, null, report, null), at));
    }
  }

  private static String cause(VisitorInput input) {
    if (input instanceof VisitorInput.HesitationUpdate h) {
      return "hesitation " + h.hesitation().getHesitationId() + " " + h.hesitation().getStatus();
    }
    if (input instanceof VisitorInput.Credit c) {
      return "referral credit " + c.credit().creditId();
    }
    // Message ids are namespaced by input (web:, social:, identity:); the cause names the original
    // id.
    String key = input.dedupeKey();
    return key.substring(key.indexOf(':') + 1);
  }
}
