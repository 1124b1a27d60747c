package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.ScoringConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs on a canonical id's partition: a member's new state → kept under the canonical id → the
 * person's profile folded again and published; a member that left → dropped, the rest folded again
 * (only the canonical id's own profile when none is left). A state for a canonical id that was
 * itself linked elsewhere or erased meanwhile is stale and dropped: the member re-sends it where
 * its route now points.
 */
public final class MemberFold implements Processor<String, MemberUpdate, String, ProspectProfile> {

  private final MergedProfiles profiles;
  private ProcessorContext<String, ProspectProfile> context;

  public MemberFold(ScoringConfig config) {
    this.profiles = new MergedProfiles(config);
  }

  @Override
  public void init(ProcessorContext<String, ProspectProfile> context) {
    this.context = context;
    profiles.init(context);
  }

  @Override
  public void process(Record<String, MemberUpdate> record) {
    String canonical = record.key();
    MemberUpdate update = record.value();
    String route = profiles.routes.get(canonical);
    if (update.left()) {
      profiles.members.delete(MergedProfiles.memberKey(canonical, update.member()));
      if (!canonical.equals(route)) {
        return;
      }
      if (profiles.hasMembers(canonical)) {
        publish(record, profiles.refold(canonical));
      } else {
        profiles.routes.delete(canonical);
        profiles.dropMembers(canonical);
        publish(record, profiles.own(canonical));
      }
      return;
    }
    if ((route != null && !route.equals(canonical))
        || profiles.erased(canonical)
        || update.state() == null) {
      return;
    }
    if (route == null) {
      profiles.routes.put(canonical, canonical);
    }
    profiles.members.put(MergedProfiles.memberKey(canonical, update.member()), update.state());
    publish(record, profiles.refold(canonical));
  }

  private void publish(Record<String, MemberUpdate> record, ProspectProfile profile) {
    if (profile != null) {
      context.forward(record.withValue(profile));
    }
  }
}
