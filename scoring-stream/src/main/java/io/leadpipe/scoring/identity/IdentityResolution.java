package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.scoring.topology.Stores;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity graph, on one partition so every link decision sees the whole graph in one order:
 * claim or command → {@link IdentityGraph} over changelogged stores (id → canonical id, person,
 * match key → owner, merge records) → route changes keyed by member id, merge records (null =
 * erased) keyed by merge id, and the record of a completed erase.
 */
public final class IdentityResolution
    implements Processor<String, GraphInput, String, IdentityResolution.Out> {

  /**
   * One of: a route change for a member's partition, a merge record or its tombstone, a privacy
   * request.
   */
  public record Out(
      RouteChange route, IdentityMerge merge, boolean mergeErased, PrivacyRequest privacy) {}

  private static final Logger LOG = LoggerFactory.getLogger(IdentityResolution.class);

  private final IdentityRules rules;
  private ProcessorContext<String, Out> context;
  private IdentityGraph graph;

  public IdentityResolution(IdentityRules rules) {
    this.rules = rules;
  }

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.graph =
        new IdentityGraph(
            rules,
            new GraphStores(
                context.getStateStore(Stores.IDENTITY_NODE_STORE),
                context.getStateStore(Stores.IDENTITY_GROUP_STORE),
                context.getStateStore(Stores.IDENTITY_MATCH_STORE),
                context.getStateStore(Stores.IDENTITY_MERGE_STORE)));
  }

  @Override
  public void process(Record<String, GraphInput> record) {
    GraphInput in = record.value();
    IdentityGraph.Outcome outcome;
    if (in.claim() != null) {
      outcome = graph.claim(in.claim());
    } else if (in.command().kind() == OperatorCommand.Kind.UNDO_MERGE) {
      outcome = graph.undo(in.command());
      if (outcome.records().isEmpty()) {
        LOG.warn(
            "Undo of merge {} ignored: not a merge that is still in effect",
            in.command().mergeId());
      }
    } else {
      outcome = graph.erase(in.command(), Instant.ofEpochMilli(record.timestamp()));
    }
    for (RouteChange route : outcome.routes()) {
      context.forward(record.withKey(route.member()).withValue(new Out(route, null, false, null)));
    }
    for (IdentityMerge merge : outcome.records()) {
      context.forward(
          record.withKey(merge.getMergeId()).withValue(new Out(null, merge, false, null)));
    }
    for (String mergeId : outcome.deletedMerges()) {
      context.forward(record.withKey(mergeId).withValue(new Out(null, null, true, null)));
    }
    if (outcome.privacy() != null) {
      context.forward(
          record
              .withKey(outcome.privacy().getRequestId())
              .withValue(new Out(null, null, false, outcome.privacy())));
    }
  }

  /** The graph's state stores, as the rules see them. */
  private record GraphStores(
      KeyValueStore<String, String> nodes,
      KeyValueStore<String, IdentityGroup> groups,
      KeyValueStore<String, String> matches,
      KeyValueStore<String, IdentityMerge> merges)
      implements GraphStore {

    public String canonicalOf(String id) {
      return nodes.get(id);
    }

    public void link(String id, String canonical) {
      nodes.put(id, canonical);
    }

    public void forget(String id) {
      nodes.delete(id);
    }

    public IdentityGroup group(String canonical) {
      return groups.get(canonical);
    }

    public void putGroup(IdentityGroup group) {
      groups.put(group.canonical(), group);
    }

    public void deleteGroup(String canonical) {
      groups.delete(canonical);
    }

    public String ownerOf(String matchKey) {
      return matches.get(matchKey);
    }

    public void own(String matchKey, String id) {
      matches.put(matchKey, id);
    }

    public void disown(String matchKey) {
      matches.delete(matchKey);
    }

    public IdentityMerge merge(String mergeId) {
      return merges.get(mergeId);
    }

    public void putMerge(IdentityMerge merge) {
      merges.put(merge.getMergeId(), merge);
    }

    public void deleteMerge(String mergeId) {
      merges.delete(mergeId);
    }
  }
}
