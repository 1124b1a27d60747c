package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.ProfileAggregator;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs on a canonical id's partition: a member's new state → kept under the canonical id → the
 * person's profile folded again and published by the next publish slot; a member that left →
 * dropped, the rest folded again (only the canonical id's own profile when none is left). A state
 * for a canonical id that was itself linked elsewhere or erased meanwhile is stale and dropped: the
 * member re-sends it where its route now points.
 *
 * <p>The slot coalesces: the members' states arriving within one publish interval (every device of
 * a person after a merge, or a member's steady updates) and the canonical id's own inputs make one
 * published profile, where each used to publish the person at once. The cause of the publish is
 * that of the member's update (its input, or the merge).
 */
public final class MemberFold implements Processor<String, MemberUpdate, String, ProspectProfile> {

  /** The cause of a publish whose member update carried none (every update carries one). */
  static final String UNKNOWN_CAUSE = "member updated";

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
      if (!profiles.hasMembers(canonical)) {
        // Alone again: with no route, the slot publishes its own profile as it is.
        profiles.routes.delete(canonical);
        profiles.dropMembers(canonical);
      }
      publishInSlot(record, canonical);
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
    publishInSlot(record, canonical);
  }

  private void publishInSlot(Record<String, MemberUpdate> record, String canonical) {
    Header header = record.headers().lastHeader(ProfileAggregator.CAUSE_HEADER);
    String cause =
        header == null ? UNKNOWN_CAUSE : new String(header.value(), StandardCharsets.UTF_8);
    ProspectProfile now = profiles.publishInSlot(canonical, cause);
    if (now != null) {
      context.forward(record.withValue(now));
    }
  }
}
