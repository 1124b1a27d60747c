package io.leadpipe.scoring.query;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;

/**
 * The read-only query API (docs/queries.md). Requests carrying {@link Peers#SCOPE_HEADER}: local
 * come from another instance and are answered with this instance's share only. Store reads and peer
 * calls block, so off the event loop.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QueryController {

  private final ProfileLookup lookup;
  private final Listings listings;
  private final QuerySettings settings;

  public QueryController(ProfileLookup lookup, Listings listings, QuerySettings settings) {
    this.lookup = lookup;
    this.listings = listings;
    this.settings = settings;
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
        throw new ProfileNotFoundException(visitorId);
      }
      return KeyOwnerRouter.relay(from);
    }
    ProfileLookup.Local local = (ProfileLookup.Local) answer;
    Map<String, Object> profile =
        local.profile().orElseThrow(() -> new ProfileNotFoundException(visitorId));
    return HttpResponse.ok(ProfileViews.forScope(profile, DataScope.of(request)))
        .header(KeyOwnerRouter.SERVED_BY_HEADER, local.servedBy());
  }

  @Get("/prospects")
  public ProspectPage prospects(
      HttpRequest<?> request,
      @Nullable @QueryValue String segment,
      @Nullable @QueryValue String stage,
      @Nullable @QueryValue String leadType,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String offset,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope) {
    boolean share = Peers.LOCAL.equals(scope);
    ProspectQuery q =
        ProspectQuery.parse(
            segment, stage, leadType, sort, limit, offset, settings.limits(), share);
    ProspectPage page = share ? listings.localProspects(q) : listings.prospects(q, authorization);
    return ProfileViews.forScope(page, DataScope.of(request));
  }

  @Get("/segments/sizes")
  public SegmentSizes segmentSizes(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope) {
    return Peers.LOCAL.equals(scope)
        ? listings.localSegmentSizes()
        : listings.segmentSizes(authorization);
  }

  @Get("/funnel")
  public Funnel funnel(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope) {
    return Peers.LOCAL.equals(scope) ? listings.localFunnel() : listings.funnel(authorization);
  }

  /**
   * The merged report; an instance asked for its share answers with its raw {@link AudienceTally}.
   */
  @Get("/audience")
  public Object audience(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(Peers.SCOPE_HEADER) String scope) {
    return Peers.LOCAL.equals(scope) ? listings.localAudience() : listings.audience(authorization);
  }

  @Error(exception = InvalidQueryException.class)
  public HttpResponse<byte[]> invalid(HttpRequest<?> request, InvalidQueryException e) {
    return Problems.response(
        ScoringProblem.INVALID_REQUEST,
        "Fix the listed query parameters",
        request.getPath(),
        e.violations());
  }

  @Error(exception = ProfileNotFoundException.class)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request, ProfileNotFoundException e) {
    return Problems.response(ScoringProblem.NOT_FOUND, e.getMessage(), request.getPath());
  }

  @Error(exception = QueryUnavailableException.class)
  public HttpResponse<byte[]> unavailable(HttpRequest<?> request, QueryUnavailableException e) {
    return Problems.retryLater(
        ScoringProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }
}
