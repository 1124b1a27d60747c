package io.leadpipe.scoring.query;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.scoring.admin.SegmentCatalog;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.service.routing.KeyOwnerRouter;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Listings over all profiles: this instance computes its share while every other instance computes
 * its own (asked with the local-scope marker, so nobody fans out twice), then the shares are
 * merged. An instance that does not answer makes the whole listing 503: a partial total would look
 * like a real one.
 */
@Singleton
public class Listings {

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
   * This instance's best {@code q.limit()} (the coordinator asks for offset + limit, from 0): from
   * the top of the prospect index, the total from the counters.
   */
  public ProspectPage localProspects(ProspectQuery q) {
    long total = profiles.tallies(TallyCounts::sum).total(q.filter());
    List<ProspectSummary> items =
        profiles.index(
            q.sort(), partitions -> ProspectIndex.top(partitions, q.filter(), q.sort(), q.limit()));
    return new ProspectPage(total, 0, q.limit(), q.sort().param(), items);
  }

  public ProspectPage prospects(ProspectQuery q, String authorization) {
    int pageEnd = q.offset() + q.limit();
    ProspectQuery share = new ProspectQuery(q.filter(), q.sort(), 0, pageEnd);
    List<ProspectPage> shares =
        gather(
            prospectsPath(share), () -> localProspects(share), ProspectPage.class, authorization);
    return Ranking.merge(shares, q.sort(), q.offset(), q.limit());
  }

  public SegmentSizes localSegmentSizes() {
    return profiles.tallies(TallyCounts::sum).segmentSizes();
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
    return SegmentSizes.merge(
        gather("/v1/segments/sizes", this::localSegmentSizes, SegmentSizes.class, authorization),
        names);
  }

  public Funnel localFunnel() {
    return profiles.tallies(TallyCounts::sum).funnel();
  }

  public Funnel funnel(String authorization) {
    return Funnel.merge(gather("/v1/funnel", this::localFunnel, Funnel.class, authorization));
  }

  public AudienceTally localAudience() {
    return profiles.tallies(TallyCounts::sum).audience(audience);
  }

  public AudienceReport audience(String authorization) {
    return audience.report(
        audience.merge(
            gather("/v1/audience", this::localAudience, AudienceTally.class, authorization)));
  }

  /** This instance's share computed while the other instances compute theirs; all or nothing. */
  private <T> List<T> gather(
      String pathAndQuery, Supplier<T> local, Class<T> type, String authorization) {
    List<HostInfo> others = profiles.peers();
    List<CompletableFuture<T>> remote =
        others.stream().map(peer -> peers.share(peer, pathAndQuery, authorization, type)).toList();
    List<T> shares = new ArrayList<>();
    shares.add(local.get());
    for (int i = 0; i < remote.size(); i++) {
      try {
        shares.add(remote.get(i).get(settings.peerTimeout().toMillis(), TimeUnit.MILLISECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryUnavailableException("interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        remote.forEach(f -> f.cancel(true));
        throw new QueryUnavailableException(
            "instance " + KeyOwnerRouter.address(others.get(i)) + " did not answer", e);
      }
    }
    return shares;
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
