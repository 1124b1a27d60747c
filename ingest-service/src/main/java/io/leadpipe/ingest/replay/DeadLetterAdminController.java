package io.leadpipe.ingest.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.ingest.config.ProducerSettings;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Ingest's dead-letter admin API (admin key required, {@link AdminKeyFilter}): list dead letters
 * with counts by source and reason, and replay a selection once the cause is fixed, or check with a
 * dry run what a replay would do. Reading Kafka blocks, so it runs off the event loop.
 */
@Controller("/admin/dead-letters")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeadLetterAdminController {

  static final String AFTER = "after";
  static final String LIMIT = "limit";
  static final String DRY_RUN = "dryRun";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SELECTION_FIELDS =
      Set.of(
          DeadLetterSelection.SINCE,
          DeadLetterSelection.UNTIL,
          DeadLetterSelection.SOURCE,
          DeadLetterSelection.REASON,
          DeadLetterSelection.APPLICATION,
          DeadLetterSelection.IDS);

  private final DeadLetterListing listing;
  private final DeadLetterReplayer replayer;
  private final ReplaySettings settings;
  private final ProducerSettings producer;

  public DeadLetterAdminController(
      DeadLetterListing listing,
      DeadLetterReplayer replayer,
      ReplaySettings settings,
      ProducerSettings producer) {
    this.listing = listing;
    this.replayer = replayer;
    this.settings = settings;
    this.producer = producer;
  }

  /** One page of the selected dead letters and the counts of all of them by source and reason. */
  @Get
  public HttpResponse<?> list(
      @QueryValue @Nullable String since,
      @QueryValue @Nullable String until,
      @QueryValue @Nullable String source,
      @QueryValue @Nullable String reason,
      @QueryValue @Nullable String application,
      @QueryValue(DeadLetterSelection.IDS) @Nullable List<String> deadLetters,
      @QueryValue @Nullable String after,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable Boolean payload,
      HttpRequest<?> request) {
    List<Violation> violations = new ArrayList<>();
    DeadLetterSelection selection =
        DeadLetterSelection.parse(
            since,
            until,
            source,
            reason,
            application,
            deadLetters == null ? List.of() : deadLetters,
            violations);
    DeadLetterId cursor = null;
    if (after != null) {
      cursor = DeadLetterId.parse(after);
      if (cursor == null) {
        violations.add(new Violation(AFTER, "must be the 'next' of the previous page, e.g. 0/42"));
      }
    }
    int size = settings.defaultPageSize();
    if (limit != null) {
      try {
        size = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > settings.maxPageSize()) {
        violations.add(
            new Violation(LIMIT, "must be a whole number from 1 to " + settings.maxPageSize()));
      }
    }
    if (!violations.isEmpty()) {
      return invalid(violations, request);
    }
    try {
      return json(listing.list(selection, cursor, size, Boolean.TRUE.equals(payload)));
    } catch (DeadLettersUnavailableException e) {
      return unavailable(e, request);
    }
  }

  /**
   * Replays the selected dead letters: {@code {"since", "until", "source", "reason", "application",
   * "deadLetters": ["0/42"], "dryRun": true}}, at least one criterion.
   */
  @Post(
      uri = "/replay",
      consumes = {MediaType.APPLICATION_JSON})
  public HttpResponse<?> replay(@Nullable @Body byte[] body, HttpRequest<?> request) {
    List<Violation> violations = new ArrayList<>();
    JsonNode node = null;
    try {
      node = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      violations.add(new Violation("", "must be a JSON object"));
    }
    if (violations.isEmpty() && (node == null || !node.isObject())) {
      violations.add(new Violation("", "must be a JSON object naming what to replay"));
    }
    if (!violations.isEmpty()) {
      return invalid(violations, request);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!SELECTION_FIELDS.contains(name) && !DRY_RUN.equals(name)) {
        violations.add(
            new Violation(name, "is not a replay option; use " + SELECTION_FIELDS + " or dryRun"));
      }
    }
    boolean dryRun = false;
    JsonNode dry = node.get(DRY_RUN);
    if (dry != null && !dry.isNull()) {
      if (dry.isBoolean()) {
        dryRun = dry.booleanValue();
      } else {
        violations.add(new Violation(DRY_RUN, "must be true or false"));
      }
    }
    List<String> ids = new ArrayList<>();
    JsonNode named = node.get(DeadLetterSelection.IDS);
    if (named != null && !named.isNull()) {
      if (!named.isArray()) {
        violations.add(
            new Violation(DeadLetterSelection.IDS, "must be an array of \"<partition>/<offset>\""));
      } else {
        for (int i = 0; i < named.size(); i++) {
          ids.add(named.get(i).isTextual() ? named.get(i).textValue() : "");
        }
      }
    }
    DeadLetterSelection selection =
        DeadLetterSelection.parse(
            text(node, DeadLetterSelection.SINCE, violations),
            text(node, DeadLetterSelection.UNTIL, violations),
            text(node, DeadLetterSelection.SOURCE, violations),
            text(node, DeadLetterSelection.REASON, violations),
            text(node, DeadLetterSelection.APPLICATION, violations),
            ids,
            violations);
    if (violations.isEmpty()
        && selection.since() == null
        && selection.until() == null
        && selection.source() == null
        && selection.reason() == null
        && selection.application() == null
        && selection.ids().isEmpty()) {
      violations.add(
          new Violation(
              "",
              "names no dead letters: give at least one of "
                  + SELECTION_FIELDS
                  + " (every dead letter retained is rarely what a fix recovers)"));
    }
    if (!violations.isEmpty()) {
      return invalid(violations, request);
    }
    try {
      return json(replayer.replay(selection, dryRun));
    } catch (DeadLetterReplayer.ReplayRunningException e) {
      return Problems.response(ReplayProblem.REPLAY_RUNNING, e.getMessage(), request.getPath());
    } catch (DeadLettersUnavailableException e) {
      return unavailable(e, request);
    }
  }

  private static String text(JsonNode node, String name, List<Violation> violations) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      violations.add(new Violation(name, "must be a string"));
      return null;
    }
    return value.textValue();
  }

  private static HttpResponse<?> json(Object value) {
    return HttpResponse.ok(Problems.toJson(value)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static HttpResponse<?> invalid(List<Violation> violations, HttpRequest<?> request) {
    return Problems.response(
        ReplayProblem.INVALID_SELECTION,
        violations.size() + " violation(s) in the request",
        request.getPath(),
        violations);
  }

  private HttpResponse<?> unavailable(DeadLettersUnavailableException e, HttpRequest<?> request) {
    return Problems.retryLater(
        ReplayProblem.DEAD_LETTERS_UNAVAILABLE,
        e.getMessage(),
        request.getPath(),
        producer.retryAfter());
  }
}
