package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.referral.ReferralEvent;
import io.leadpipe.scoring.topology.Stores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * On an id's own partition, before the stitcher deletes its state: ERASE route → an erase for every
 * referral code the id shared or arrived with (its state knows them; they go to the code's
 * partition through referrals-by-code, after every report the id sent there before), the id's
 * erasure for the other applications (leadpipe.privacy-erasures, keyed by the id, in the same
 * transaction as the erase) → then the route itself for the stitcher. Other routes pass as they
 * are.
 */
public final class EraseFanOut implements Processor<String, RouteChange, String, EraseFanOut.Out> {

  /**
   * The route change for the stitcher, an erase for a referral code's side, or the id's erasure
   * record.
   */
  public record Out(RouteChange route, ReferralEvent referral, PrivacyErasure erasure) {}

  private ProcessorContext<String, Out> context;
  private KeyValueStore<String, ProfileState> states;

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
  }

  @Override
  public void process(Record<String, RouteChange> record) {
    RouteChange change = record.value();
    if (change.kind() == RouteChange.Kind.ERASE) {
      ProfileState own = states.get(record.key());
      if (own != null) {
        for (String code : own.referral().codesTouched()) {
          context.forward(
              record.withValue(
                  new Out(null, ReferralEvent.erase(code, record.key(), change.at()), null)));
        }
      }
      context.forward(
          record.withValue(
              new Out(
                  null,
                  null,
                  PrivacyErasure.newBuilder()
                      .setRequestId(change.cause())
                      .setErasedAt(change.at())
                      .build())));
    }
    context.forward(record.withValue(new Out(change, null, null)));
  }
}
