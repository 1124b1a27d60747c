package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;

/**
 * Operator-defined segments (admin key required, see {@link AdminKeyFilter}). Writes go to {@code
 * leadpipe.segment-definitions} and are answered only after Kafka acknowledged them. Blocking on
 * Kafka, so off the event loop.
 */
@Controller("/admin/segments")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SegmentsController {

  private final SegmentAdmin admin;
  private final SegmentSettings settings;
  private final ReevaluationStatus reevaluation;

  public SegmentsController(
      SegmentAdmin admin, SegmentSettings settings, ReevaluationStatus reevaluation) {
    this.admin = admin;
    this.settings = settings;
    this.reevaluation = reevaluation;
  }

  @Post(consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<SegmentView> create(@Body String body) {
    SegmentView created = SegmentView.of(admin.create(SegmentDrafts.parse(body, null)));
    return HttpResponse.created(created, URI.create("/admin/segments/" + created.segmentId()));
  }

  @Put(uri = "/{segmentId}", consumes = MediaType.APPLICATION_JSON)
  public SegmentView update(String segmentId, @Body String body) {
    return SegmentView.of(admin.update(SegmentDrafts.parse(body, segmentId)));
  }

  @Delete("/{segmentId}")
  public HttpResponse<Void> delete(String segmentId) {
    admin.delete(segmentId);
    return HttpResponse.noContent();
  }

  @Get
  public SegmentView.Listing list() {
    return new SegmentView.Listing(admin.all().stream().map(SegmentView::of).toList());
  }

  /**
   * How far this instance's tasks have come applying the latest definitions (a literal path: it
   * wins over {@code /{segmentId}}).
   */
  @Get("/reevaluation")
  public ReevaluationView reevaluation() {
    return reevaluation.local();
  }

  @Get("/{segmentId}")
  public SegmentView get(String segmentId) {
    return admin
        .find(segmentId)
        .map(SegmentView::of)
        .orElseThrow(() -> new SegmentNotFoundException(segmentId));
  }

  @Error(exception = InvalidSegmentException.class)
  public HttpResponse<byte[]> invalid(HttpRequest<?> request, InvalidSegmentException e) {
    return e.malformedJson()
        ? Problems.response(
            ScoringProblem.INVALID_JSON,
            "The body is not valid JSON",
            request.getPath(),
            e.violations())
        : Problems.response(
            ScoringProblem.INVALID_SEGMENT,
            "Fix the listed fields and send the definition again",
            request.getPath(),
            e.violations());
  }

  @Error(exception = SegmentNotFoundException.class)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request, SegmentNotFoundException e) {
    return Problems.response(ScoringProblem.NOT_FOUND, e.getMessage(), request.getPath());
  }

  @Error(exception = SegmentExistsException.class)
  public HttpResponse<byte[]> exists(HttpRequest<?> request, SegmentExistsException e) {
    return Problems.response(ScoringProblem.CONFLICT, e.getMessage(), request.getPath());
  }

  @Error(exception = SegmentsUnavailableException.class)
  public HttpResponse<byte[]> unavailable(HttpRequest<?> request, SegmentsUnavailableException e) {
    return Problems.retryLater(
        ScoringProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }
}
