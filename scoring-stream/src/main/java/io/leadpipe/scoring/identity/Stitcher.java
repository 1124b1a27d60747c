package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.ProfileAggregator;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs on an id's own partition, after its own state was updated. profile of an id not linked →
 * published as it is (one store lookup: the common case); of a canonical id with members → the
 * person's folded profile; of a linked member → its state goes to the canonical id's partition
 * (members-by-canonical), nothing is published. Route changes from the identity graph: LINK → the
 * id's own profile is retired (tombstone) and its state joins the canonical id's; OWN → it leaves
 * and is published on its own again; ERASE → its state and route go, its profile is tombstoned and
 * new input from it is suppressed.
 *
 * <p>A route change retires at once but publishes no profile: what it changes in a profile is
 * published by the next publish slot ({@link MergedProfiles#publishInSlot}). A canonical id's LINK
 * to itself changes nothing in the person's profile until a member's state arrives ({@link
 * MemberFold}, a commit later), so it publishes only an id whose profile was retired while it was a
 * member elsewhere.
 */
public final class Stitcher implements Processor<String, Stitcher.In, String, Stitcher.Out> {

  /** A freshly updated own profile, or a route change from the identity graph. */
  public record In(ProspectProfile profile, RouteChange route) {}

  /**
   * A profile to publish, a retirement (tombstone) of the key's profile, or a member update for a
   * canonical id.
   */
  public record Out(ProspectProfile profile, boolean retire, MemberUpdate toCanonical) {
    static Out publish(ProspectProfile p) {
      return new Out(p, false, null);
    }

    static Out retired() {
      return new Out(null, true, null);
    }

    static Out member(MemberUpdate update) {
      return new Out(null, false, update);
    }
  }

  /** How the cause of a profile published by an identity merge's route change begins. */
  public static final String MERGE_CAUSE = "identity merge ";

  /** How the cause of an erased id's retirement begins. */
  public static final String ERASE_CAUSE = "erased ";

  private final MergedProfiles profiles;
  private ProcessorContext<String, Out> context;

  public Stitcher(ScoringConfig config) {
    this.profiles = new MergedProfiles(config);
  }

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    profiles.init(context);
  }

  @Override
  public void process(Record<String, In> record) {
    if (record.value().route() != null) {
      route(record, record.value().route());
      return;
    }
    String id = record.key();
    String canonical = profiles.routes.get(id);
    if (canonical == null) {
      context.forward(record.withValue(Out.publish(record.value().profile())));
    } else if (canonical.equals(id)) {
      // The own profile's evaluation time carries over: a timer's publish counts to the clock.
      ProspectProfile own = record.value().profile();
      publish(record, profiles.refold(id, own == null ? null : own.getEvaluatedAt()));
    } else {
      context.forward(
          record
              .withKey(canonical)
              .withValue(Out.member(MemberUpdate.state(id, profiles.states.get(id)))));
    }
  }

  private void route(Record<String, In> record, RouteChange change) {
    String id = record.key();
    String cause =
        (change.kind() == RouteChange.Kind.ERASE ? ERASE_CAUSE : MERGE_CAUSE) + change.cause();
    Record<String, In> caused = record.withHeaders(new RecordHeaders(record.headers().toArray()));
    caused.headers().remove(ProfileAggregator.CAUSE_HEADER);
    caused.headers().add(ProfileAggregator.CAUSE_HEADER, cause.getBytes(StandardCharsets.UTF_8));
    switch (change.kind()) {
      case ERASE -> erase(caused, id, change);
      case OWN -> standAlone(caused, id, change, cause);
      case LINK -> link(caused, id, change, cause);
    }
  }

  private void link(Record<String, In> record, String id, RouteChange change, String cause) {
    leavePrevious(record, id, change);
    String before = profiles.routes.get(id);
    profiles.routes.put(id, change.canonical());
    if (change.canonical().equals(id)) {
      if (before != null && !before.equals(id)) {
        // Its own profile was retired while it was a member elsewhere: it comes back as a person.
        publish(record, profiles.publishInSlot(id, cause));
      }
      return;
    }
    if (id.equals(before)) {
      // It was a person's canonical id: its members re-send their states to the new canonical id.
      profiles.dropMembers(id);
    }
    var own = profiles.states.get(id);
    if (own != null || id.equals(before)) {
      context.forward(record.withValue(Out.retired()));
    }
    // Otherwise nothing was ever published under the id (a login's anonymous id whose events all
    // carried the user id): there is no profile to retire.
    if (own != null) {
      context.forward(
          record.withKey(change.canonical()).withValue(Out.member(MemberUpdate.state(id, own))));
    }
  }

  private void standAlone(Record<String, In> record, String id, RouteChange change, String cause) {
    leavePrevious(record, id, change);
    profiles.routes.delete(id);
    profiles.dropMembers(id);
    // With no route left, the slot publishes its own profile as it is.
    publish(record, profiles.publishInSlot(id, cause));
  }

  private void erase(Record<String, In> record, String id, RouteChange change) {
    profiles.suppressed.put(Hashing.sha256(id), change.at().toEpochMilli());
    if (!change.canonical().equals(id)) {
      context.forward(
          record.withKey(change.canonical()).withValue(Out.member(MemberUpdate.leave(id))));
    }
    profiles.routes.delete(id);
    profiles.dropMembers(id);
    profiles.states.delete(id);
    context.forward(record.withValue(Out.retired()));
  }

  /**
   * A member moving from one canonical id to another leaves the first, so it is not counted twice.
   */
  private void leavePrevious(Record<String, In> record, String id, RouteChange change) {
    String previous = change.previousCanonical();
    if (previous != null && !previous.equals(change.canonical()) && !previous.equals(id)) {
      context.forward(record.withKey(previous).withValue(Out.member(MemberUpdate.leave(id))));
    }
  }

  private void publish(Record<String, In> record, ProspectProfile profile) {
    if (profile != null) {
      context.forward(record.withValue(Out.publish(profile)));
    }
  }
}
