package io.leadpipe.scoring.query;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read-only query API (docs/queries.md). Requests carrying {@link Peers#SCOPE_HEADER}: local
 * come from another instance and are answered with this instance's share only. Store reads and peer
 * calls block, so off the event loop.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QueryController {

  /**
   * On a listing some partitions of which no copy answered for ({@code coverage.missing} in the
   * body): its totals are short by them.
   */
  public static final String INCOMPLETE_HEADER = "X-Leadpipe-Incomplete";

  static final String SEGMENT_PREVIEW = "/v1/segments/preview";
  static final String AUDIENCE_PREVIEW = "/v1/strategies/preview";

  private final ProfileLookup lookup;
  private final Listings listings;
  private final QuerySettings settings;
  private final Forecasts forecasts;
  private final Clock clock;

  public QueryController(
      ProfileLookup lookup,
      Listings listings,
      QuerySettings settings,
      Forecasts forecasts,
      Clock clock) {
    this.lookup = lookup;
    this.listings = listings;
    this.settings = settings;
    this.forecasts = forecasts;
    this.clock = clock;
  }

  @Get("/profiles/{visitorId}")
  public HttpResponse<?> profile(
      HttpRequest<?> request,
      String visitorId,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(KeyOwnerRouter.FORWARDED_HEADER) String forwarded) {
    ProfileLookup.Answer answer = lookup.find(visitorId, forwarded != null, authorization);
    if (answer instanceof ProfileLookup.Relayed relayed) {
      var from = relayed.response();
      if (from.statusCode() == HttpStatus.NOT_FOUND.getCode()) {
        // Thrown, not relayed: an error status returned as is would be replaced by the generic 404
        // problem.
        Map<String, String> stale = new HashMap<>();
        for (String name : List.of(KeyOwnerRouter.STALE_HEADER, KeyOwnerRouter.STALE_LAG_HEADER)) {
          from.headers().firstValue(name).ifPresent(v -> stale.put(name, v));
        }
        throw new ProfileNotFoundException(visitorId, stale);
      }
      return KeyOwnerRouter.relay(from);
    }
    ProfileLookup.Local local = (ProfileLookup.Local) answer;
    Map<String, String> stale = new HashMap<>();
    if (local.stale()) {
      stale.put(KeyOwnerRouter.STALE_HEADER, "true");
      local.lag().ifPresent(lag -> stale.put(KeyOwnerRouter.STALE_LAG_HEADER, Long.toString(lag)));
    }
    Map<String, Object> profile =
        local.profile().orElseThrow(() -> new ProfileNotFoundException(visitorId, stale));
    MutableHttpResponse<Map<String, Object>> ok =
        HttpResponse.ok(ProfileViews.forScope(profile, DataScope.of(request)))
            .header(KeyOwnerRouter.SERVED_BY_HEADER, local.servedBy());
    stale.forEach(ok::header);
    return ok;
  }

  @Get("/prospects")
  public HttpResponse<ProspectPage> prospects(
      HttpRequest<?> request,
      @Nullable @QueryValue String segment,
      @Nullable @QueryValue String stage,
      @Nullable @QueryValue String leadType,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String offset,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    boolean share = Peers.LOCAL.equals(scope);
    ProspectQuery q =
        ProspectQuery.parse(
            segment, stage, leadType, sort, limit, offset, settings.limits(), share);
    DataScope seen = DataScope.of(request);
    if (share) {
      LocalProfiles.PartitionRead<ProspectPage> read =
          listings.localProspects(q, partitions(partitions));
      return shareOf(
          new LocalProfiles.PartitionRead<>(
              ProfileViews.forScope(read.value(), seen), read.read(), read.stale()));
    }
    ProspectPage page = listings.prospects(q, authorization);
    return merged(ProfileViews.forScope(page, seen));
  }

  @Get("/segments/sizes")
  public HttpResponse<?> segmentSizes(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return shareOrMerged(
        scope, partitions, listings::localSegmentSizes, () -> listings.segmentSizes(authorization));
  }

  @Get("/funnel")
  public HttpResponse<?> funnel(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return shareOrMerged(
        scope, partitions, listings::localFunnel, () -> listings.funnel(authorization));
  }

  /**
   * The merged report; an instance asked for its share answers with its raw {@link AudienceTally}.
   */
  @Get("/audience")
  public HttpResponse<?> audience(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return shareOrMerged(
        scope, partitions, listings::localAudience, () -> listings.audience(authorization));
  }

  /**
   * The inferred primary reason against the stated one, over every visitor or a segment's members;
   * an instance asked for its share answers with its raw {@link ReasonConfusion}.
   */
  @Get("/reasons/accuracy")
  public HttpResponse<?> reasonAccuracy(
      @Nullable @QueryValue String segment,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    String segmentId = segment == null || segment.isBlank() ? null : segment;
    return shareOrMerged(
        scope,
        partitions,
        read -> listings.localReasonConfusion(segmentId, read),
        () -> listings.reasonAccuracy(segmentId, authorization));
  }

  /**
   * Expected revenue within the horizon, overall and per segment (or for {@code segment}); an
   * instance asked for its share answers with its raw {@link ForecastShare}.
   */
  @Get("/forecast")
  public HttpResponse<?> forecast(
      @Nullable @QueryValue String segment,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return shareOrMerged(
        scope,
        partitions,
        forecasts::localForecast,
        () -> forecasts.forecast(segment, authorization));
  }

  /**
   * The latest {@code days} days of forecast against outcome; an instance asked for its share
   * answers with its raw {@link BacktestShare}.
   */
  @Get("/forecast/backtest")
  public HttpResponse<?> backtest(
      @Nullable @QueryValue String days,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    int asked = Forecasts.backtestDays(days);
    return shareOrMerged(
        scope,
        partitions,
        read -> forecasts.localBacktest(asked, read),
        () -> forecasts.backtest(asked, authorization));
  }

  /**
   * A listing's answer: this instance's own share of the partitions named in {@code partitions}
   * when another instance asks for it ({@link Peers#LOCAL} scope), else the listing merged over
   * every instance.
   */
  private static HttpResponse<?> shareOrMerged(
      String scope,
      String partitions,
      Function<Collection<Integer>, LocalProfiles.PartitionRead<?>> share,
      Supplier<? extends MergedListing> listing) {
    if (Peers.LOCAL.equals(scope)) {
      return shareOf(share.apply(partitions(partitions)));
    }
    return merged(listing.get());
  }

  /**
   * How many current profiles a segment rule matches (docs/segments.md, Preview), before it is
   * saved: {@code {"rule": ...}} as in a segment definition. Counts only; an instance asked for its
   * share answers with its raw {@link PreviewShare}.
   */
  @Post(value = "/segments/preview", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> segmentPreview(
      @Body String body,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return preview(
        SEGMENT_PREVIEW,
        body,
        PreviewRequest.segment(body, clock),
        authorization,
        scope,
        partitions);
  }

  /**
   * How many current profiles a follow-up strategy's audience matches: {@code {"audience": {...}}}
   * as the notifier's admin API takes it; the answer's {@code note} says how the hesitation
   * conditions are read.
   */
  @Post(value = "/strategies/preview", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> audiencePreview(
      @Body String body,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope,
      @Nullable @Header(Peers.PARTITIONS_HEADER) String partitions) {
    return preview(
        AUDIENCE_PREVIEW, body, PreviewRequest.audience(body), authorization, scope, partitions);
  }

  private HttpResponse<?> preview(
      String path,
      String body,
      PreviewRequest request,
      String authorization,
      String scope,
      String partitions) {
    return shareOrMerged(
        scope,
        partitions,
        read -> listings.localPreview(request, read),
        () -> listings.preview(path, body, request, authorization));
  }

  /** The partitions a share is asked for; null when not named (answer the active ones). */
  private static Collection<Integer> partitions(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Peers.parsePartitions(header);
    } catch (NumberFormatException e) {
      throw new InvalidQueryException(
          List.of(
              new Violation(
                  Peers.PARTITIONS_HEADER, "must be partition numbers separated by commas")));
    }
  }

  /** An instance's share, with the partitions it covers for the instance merging it. */
  private static <T> HttpResponse<T> shareOf(LocalProfiles.PartitionRead<T> read) {
    return HttpResponse.ok(read.value())
        .header(Peers.READ_PARTITIONS_HEADER, Peers.partitionList(read.read()))
        .header(Peers.STALE_PARTITIONS_HEADER, Peers.partitionList(read.stale()));
  }

  /** A merged listing, marked when a part of it may lag or is missing. */
  private static <T extends MergedListing> HttpResponse<T> merged(T listing) {
    Coverage coverage = listing.coverage();
    MutableHttpResponse<T> ok = HttpResponse.ok(listing);
    if (!coverage.stale().isEmpty()) {
      ok.header(KeyOwnerRouter.STALE_HEADER, "true");
    }
    if (!coverage.missing().isEmpty()) {
      ok.header(INCOMPLETE_HEADER, "true");
    }
    return ok;
  }

  @Error(exception = InvalidQueryException.class)
  public HttpResponse<byte[]> invalid(HttpRequest<?> request, InvalidQueryException e) {
    return Problems.response(
        ScoringProblem.INVALID_REQUEST,
        request.getMethod() == HttpMethod.POST
            ? "Fix the listed fields of the request body"
            : "Fix the listed query parameters",
        request.getPath(),
        e.violations());
  }

  @Error(exception = ProfileNotFoundException.class)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request, ProfileNotFoundException e) {
    MutableHttpResponse<byte[]> problem =
        Problems.response(ScoringProblem.NOT_FOUND, e.getMessage(), request.getPath());
    e.staleHeaders().forEach(problem::header);
    return problem;
  }

  @Error(exception = QueryUnavailableException.class)
  public HttpResponse<byte[]> unavailable(HttpRequest<?> request, QueryUnavailableException e) {
    return Problems.retryLater(
        ScoringProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }
}
