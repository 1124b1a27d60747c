package io.leadpipe.scoring.query;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.scoring.admin.SegmentCatalog;
import io.leadpipe.scoring.topology.ScoringConfig;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Listings over all profiles, merged per partition of the visitor topics: every partition is read
 * once, from the instance holding its active copy (this one reads its own while the others read
 * theirs, asked with the local-scope marker and the partitions wanted, so nobody fans out twice);
 * the partitions of an instance that does not answer in time (restarting, rebalancing) are asked
 * again from their standby copies, which may lag. The answer's {@link Coverage} names the
 * partitions read from a copy that may lag and those no copy answered for: a partial total never
 * looks like a complete one. Only when no partition could be read is the answer 503.
 */
@Singleton
public class Listings {

  private static final String REASON_ACCURACY_PATH = "/v1/reasons/accuracy";

  /** The shares of a listing, each over its own partitions, and what they cover. */
  record Gathered<T>(List<T> shares, Coverage coverage) {}

  private final LocalProfiles profiles;
  private final Peers peers;
  private final QuerySettings settings;
  private final SegmentCatalog catalog;
  private final AudienceLens audience;

  public Listings(
      LocalProfiles profiles,
      Peers peers,
      QuerySettings settings,
      SegmentCatalog catalog,
      ScoringConfig scoring) {
    this.profiles = profiles;
    this.peers = peers;
    this.settings = settings;
    this.catalog = catalog;
    this.audience = new AudienceLens(scoring.rules().fit(), settings.audience());
  }

  /**
   * This instance's best {@code q.limit()} (the coordinator asks for offset + limit, from 0) over
   * {@code partitions} (null: its active ones, none stale): from the top of the prospect index, the
   * total from the counters.
   */
  public LocalProfiles.PartitionRead<ProspectPage> localProspects(
      ProspectQuery q, Collection<Integer> partitions) {
    return local(
        partitions,
        q.sort(),
        (tallies, index) ->
            new ProspectPage(
                tallies.total(q.filter()),
                0,
                q.limit(),
                q.sort().param(),
                ProspectIndex.top(index, q.filter(), q.sort(), q.limit())));
  }

  public ProspectPage prospects(ProspectQuery q, String authorization) {
    int pageEnd = q.offset() + q.limit();
    ProspectQuery share = new ProspectQuery(q.filter(), q.sort(), 0, pageEnd);
    Gathered<ProspectPage> gathered =
        gather(
            prospectsPath(share),
            parts -> localProspects(share, parts),
            ProspectPage.class,
            authorization);
    return Ranking.merge(gathered.shares(), q.sort(), q.offset(), q.limit())
        .withCoverage(gathered.coverage());
  }

  public LocalProfiles.PartitionRead<SegmentSizes> localSegmentSizes(
      Collection<Integer> partitions) {
    return local(partitions, null, (tallies, index) -> tallies.segmentSizes());
  }

  public SegmentSizes segmentSizes(String authorization) {
    Map<String, String> names =
        catalog.all().stream()
            .collect(
                Collectors.toMap(
                    SegmentDefinition::getSegmentId,
                    SegmentDefinition::getName,
                    (a, b) -> b,
                    LinkedHashMap::new));
    Gathered<SegmentSizes> gathered =
        gather("/v1/segments/sizes", this::localSegmentSizes, SegmentSizes.class, authorization);
    return SegmentSizes.merge(gathered.shares(), names).withCoverage(gathered.coverage());
  }

  public LocalProfiles.PartitionRead<Funnel> localFunnel(Collection<Integer> partitions) {
    return local(partitions, null, (tallies, index) -> tallies.funnel());
  }

  public Funnel funnel(String authorization) {
    Gathered<Funnel> gathered =
        gather("/v1/funnel", this::localFunnel, Funnel.class, authorization);
    return Funnel.merge(gathered.shares()).withCoverage(gathered.coverage());
  }

  public LocalProfiles.PartitionRead<AudienceTally> localAudience(Collection<Integer> partitions) {
    return local(partitions, null, (tallies, index) -> tallies.audience(audience));
  }

  public AudienceReport audience(String authorization) {
    Gathered<AudienceTally> gathered =
        gather("/v1/audience", this::localAudience, AudienceTally.class, authorization);
    return audience.report(audience.merge(gathered.shares())).withCoverage(gathered.coverage());
  }

  public LocalProfiles.PartitionRead<ReasonConfusion> localReasonConfusion(
      String segment, Collection<Integer> partitions) {
    return local(partitions, null, (tallies, index) -> tallies.reasonConfusion(segment));
  }

  /** The reason accuracy over every visitor ({@code segment} null) or a segment's members. */
  public ReasonAccuracy reasonAccuracy(String segment, String authorization) {
    String path =
        segment == null
            ? REASON_ACCURACY_PATH
            : REASON_ACCURACY_PATH
                + "?segment="
                + URLEncoder.encode(segment, StandardCharsets.UTF_8);
    Gathered<ReasonConfusion> gathered =
        gather(
            path,
            parts -> localReasonConfusion(segment, parts),
            ReasonConfusion.class,
            authorization);
    return ReasonAccuracy.of(ReasonConfusion.merge(gathered.shares()), segment)
        .withCoverage(gathered.coverage());
  }

  /**
   * This instance's share of a match preview over {@code partitions} (null: its active ones):
   * {@code request} over the first profiles of each partition's preview sample.
   */
  public LocalProfiles.PartitionRead<PreviewShare> localPreview(
      PreviewRequest request, Collection<Integer> partitions) {
    return partitions == null
        ? profiles.preview(
            profiles.activePartitions(), false, request.matcher(), settings.previewSampleSize())
        : profiles.preview(partitions, true, request.matcher(), settings.previewSampleSize());
  }

  /**
   * The match preview over every partition: each instance's share of {@code request}, asked of the
   * others with the same {@code body} at the same {@code path}.
   */
  public MatchPreview preview(
      String path, String body, PreviewRequest request, String authorization) {
    Gathered<PreviewShare> gathered =
        gather(
            path, body, parts -> localPreview(request, parts), PreviewShare.class, authorization);
    return MatchPreview.of(gathered.shares(), request.note(), gathered.coverage());
  }

  /**
   * This instance's share over {@code partitions}, stale copies allowed; null partitions (a caller
   * that does not name them): its active partitions, as active only.
   */
  private <T> LocalProfiles.PartitionRead<T> local(
      Collection<Integer> partitions,
      ProspectSort sort,
      BiFunction<TallyCounts, List<ProspectIndex.Partition>, T> reader) {
    return partitions == null
        ? profiles.read(profiles.activePartitions(), false, sort, reader)
        : profiles.read(partitions, true, sort, reader);
  }

  /**
   * Every partition's share, each from the first of its copies (active, then standbys) whose
   * instance answers: in rounds, each round asking every instance at once for the partitions it is
   * next in line for (this instance computing its own meanwhile) and waiting at most the peer
   * timeout. The rounds are at most one plus the number of standbys.
   */
  <T> Gathered<T> gather(
      String pathAndQuery,
      Function<Collection<Integer>, LocalProfiles.PartitionRead<T>> local,
      Class<T> type,
      String authorization) {
    return gather(pathAndQuery, null, local, type, authorization);
  }

  /** As {@link #gather(String, Function, Class, String)}, POSTing {@code body} when not null. */
  <T> Gathered<T> gather(
      String pathAndQuery,
      String body,
      Function<Collection<Integer>, LocalProfiles.PartitionRead<T>> local,
      Class<T> type,
      String authorization) {
    SortedMap<Integer, LocalProfiles.Replicas> placement = profiles.placement();
    if (placement.isEmpty()) {
      throw new QueryUnavailableException("which instances hold the profiles is not known yet");
    }
    HostInfo self = profiles.self();
    Map<Integer, Integer> tried = new HashMap<>();
    SortedSet<Integer> pending = new TreeSet<>(placement.keySet());
    SortedSet<Integer> stale = new TreeSet<>();
    SortedSet<Integer> missing = new TreeSet<>();
    List<T> shares = new ArrayList<>();
    while (!pending.isEmpty()) {
      Map<HostInfo, List<Integer>> round = nextRound(placement, pending, tried, missing);
      pending.clear();
      Map<HostInfo, CompletableFuture<LocalProfiles.PartitionRead<T>>> asked =
          new LinkedHashMap<>();
      round.forEach(
          (host, parts) -> {
            if (!host.equals(self)) {
              asked.put(host, peers.share(host, pathAndQuery, body, parts, authorization, type));
            }
          });
      if (round.containsKey(self)) {
        try {
          take(local.apply(round.get(self)), round.get(self), shares, stale, pending);
        } catch (QueryUnavailableException e) {
          pending.addAll(round.get(self));
        }
      }
      long deadline = System.nanoTime() + settings.peerTimeout().toNanos();
      for (var entry : asked.entrySet()) {
        List<Integer> parts = round.get(entry.getKey());
        try {
          long waitNanos = Math.max(0, deadline - System.nanoTime());
          take(
              entry.getValue().get(waitNanos, TimeUnit.NANOSECONDS), parts, shares, stale, pending);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          asked.values().forEach(f -> f.cancel(true));
          throw new QueryUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
          entry.getValue().cancel(true);
          pending.addAll(parts);
        }
      }
    }
    if (missing.size() == placement.size()) {
      throw new QueryUnavailableException(
          "no instance holding the profiles answered within "
              + settings.peerTimeout()
              + " (ownership is moving or instances are restarting); retry");
    }
    return new Gathered<>(
        shares, new Coverage(placement.size(), List.copyOf(stale), List.copyOf(missing)));
  }

  /**
   * Who is asked for which of the {@code pending} partitions this round: each partition's next copy
   * not tried yet (active first, then standbys in placement order); a partition with none left goes
   * to {@code missing}.
   */
  static Map<HostInfo, List<Integer>> nextRound(
      SortedMap<Integer, LocalProfiles.Replicas> placement,
      SortedSet<Integer> pending,
      Map<Integer, Integer> tried,
      SortedSet<Integer> missing) {
    Map<HostInfo, List<Integer>> round = new LinkedHashMap<>();
    for (int partition : pending) {
      List<HostInfo> copies = copies(placement.get(partition));
      int next = tried.merge(partition, 1, Integer::sum) - 1;
      if (next < copies.size()) {
        round.computeIfAbsent(copies.get(next), h -> new ArrayList<>()).add(partition);
      } else {
        missing.add(partition);
      }
    }
    return round;
  }

  /** The instances holding a copy of a partition, the active one first. */
  private static List<HostInfo> copies(LocalProfiles.Replicas replicas) {
    List<HostInfo> copies = new ArrayList<>();
    if (replicas.active() != null) {
      copies.add(replicas.active());
    }
    replicas.standbys().stream().filter(h -> !copies.contains(h)).forEach(copies::add);
    return copies;
  }

  /**
   * Keeps a share over {@code asked}; the partitions it did not read are asked of their next copy.
   * A share claiming a partition it was not asked for is refused whole (it would be counted twice).
   */
  private static <T> void take(
      LocalProfiles.PartitionRead<T> share,
      List<Integer> asked,
      List<T> shares,
      SortedSet<Integer> stale,
      SortedSet<Integer> pending) {
    if (!asked.containsAll(share.read())) {
      pending.addAll(asked);
      return;
    }
    shares.add(share.value());
    stale.addAll(share.stale());
    asked.stream().filter(p -> !share.read().contains(p)).forEach(pending::add);
  }

  private static String prospectsPath(ProspectQuery q) {
    StringBuilder path =
        new StringBuilder("/v1/prospects?sort=")
            .append(q.sort().param())
            .append("&offset=")
            .append(q.offset())
            .append("&limit=")
            .append(q.limit());
    ProspectFilter f = q.filter();
    if (f.segment() != null) {
      path.append("&segment=").append(URLEncoder.encode(f.segment(), StandardCharsets.UTF_8));
    }
    if (f.stage() != null) {
      path.append("&stage=").append(f.stage());
    }
    if (f.leadType() != null) {
      path.append("&leadType=")
          .append(f.leadType().dimension())
          .append(':')
          .append(f.leadType().value());
    }
    return path.toString();
  }
}
