package io.leadpipe.notifier.admin;

import io.leadpipe.notifier.webhook.EndpointDispatcher;
import io.leadpipe.notifier.webhook.WebhookDeadLetters;
import io.leadpipe.notifier.webhook.WebhookDispatchers;
import io.leadpipe.notifier.webhook.WebhooksHealth;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook admin API (admin key required, see {@link AdminKeyFilter}): each endpoint's state,
 * re-enabling one disabled by a 410, and listing and replaying dead-lettered deliveries.
 */
@Controller("/admin/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class WebhookAdminController {

  /** Dead letters listed when no limit is given. */
  static final int DEFAULT_LIMIT = 100;

  private final WebhookDispatchers dispatchers;
  private final WebhookDeadLetters deadLetters;

  public WebhookAdminController(WebhookDispatchers dispatchers, WebhookDeadLetters deadLetters) {
    this.dispatchers = dispatchers;
    this.deadLetters = deadLetters;
  }

  @Get
  public Map<String, Object> endpoints() {
    Map<String, Object> view = new LinkedHashMap<>();
    for (EndpointDispatcher d : dispatchers.all()) {
      view.put(d.endpoint().name(), WebhooksHealth.view(d.status()));
    }
    return view;
  }

  /** Re-enables an endpoint disabled after a 410; on this instance (call every instance). */
  @Post("/{endpoint}/enable")
  public HttpResponse<?> enable(@PathVariable String endpoint, HttpRequest<?> request) {
    Optional<EndpointDispatcher> d = dispatchers.dispatcher(endpoint);
    if (d.isEmpty()) {
      return unknown(endpoint, request);
    }
    d.get().enable();
    return HttpResponse.accepted().body(Map.of("endpoint", endpoint, "enabled", true));
  }

  @Get("/dead-letters")
  public HttpResponse<?> deadLetters(
      @QueryValue @Nullable String endpoint,
      @QueryValue @Nullable Integer limit,
      HttpRequest<?> request) {
    if (endpoint != null && dispatchers.dispatcher(endpoint).isEmpty()) {
      return unknown(endpoint, request);
    }
    int n = limit == null || limit < 1 ? DEFAULT_LIMIT : limit;
    List<WebhookDeadLetters.Entry> entries = deadLetters.list(endpoint, n);
    return HttpResponse.ok(entries);
  }

  /** Delivers a dead-lettered trigger again to the endpoint that dead-lettered it. */
  @Post("/dead-letters/{partition}/{offset}/replay")
  public HttpResponse<?> replay(
      @PathVariable int partition, @PathVariable long offset, HttpRequest<?> request) {
    Optional<WebhookDeadLetters.Found> found = deadLetters.find(partition, offset);
    if (found.isEmpty()) {
      return Problems.response(
          NotifierProblem.NOT_FOUND,
          "No webhook dead letter at partition " + partition + ", offset " + offset,
          request.getPath());
    }
    Optional<WebhookDeadLetters.Replayable> what = WebhookDeadLetters.replayable(found.get());
    if (what.isEmpty()) {
      return Problems.response(
          NotifierProblem.CONFLICT,
          "This dead letter is a record that could not be read ("
              + found.get().deadLetter().getReason()
              + "), not a delivery: there is nothing to replay",
          request.getPath());
    }
    WebhookDeadLetters.Replayable r = what.get();
    Optional<EndpointDispatcher> d = dispatchers.dispatcher(r.endpoint());
    if (d.isEmpty()) {
      return unknown(r.endpoint(), request);
    }
    if (d.get().status().disabled() != null) {
      return Problems.response(
          NotifierProblem.CONFLICT,
          "Endpoint '"
              + r.endpoint()
              + "' is disabled; re-enable it first (POST /admin/webhooks/"
              + r.endpoint()
              + "/enable)",
          request.getPath());
    }
    d.get().replay(r.key(), r.triggerId(), r.body());
    return HttpResponse.accepted()
        .body(Map.of("endpoint", r.endpoint(), "triggerId", r.triggerId()));
  }

  private static HttpResponse<?> unknown(String endpoint, HttpRequest<?> request) {
    return Problems.response(
        NotifierProblem.NOT_FOUND, "No webhook endpoint '" + endpoint + "'", request.getPath());
  }
}
