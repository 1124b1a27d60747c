package io.leadpipe.notifier.admin;

import io.leadpipe.notifier.NotifierRuntime;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Strategy results (admin key required, see {@link AdminKeyFilter}): every strategy's arms,
 * conversions, revenue and uplift against the holdout, with the breakdowns by reason and segment.
 * Aggregates only, no visitor ids. Answered by any instance from its global table of {@code
 * leadpipe.strategy-results}; {@code 503} while that table is not readable (starting, rebalancing).
 */
@Controller("/admin/strategy-results")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class StrategyResultsController {

  /** How soon a client should ask again while the table is not readable. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final ManagedStreams streams;

  public StrategyResultsController(@Named(NotifierRuntime.STREAMS) ManagedStreams streams) {
    this.streams = streams;
  }

  /** Every strategy's results, by strategy id. */
  @Get
  public Map<String, List<Map<String, Object>>> list() {
    List<Map<String, Object>> all = new ArrayList<>();
    try (KeyValueIterator<String, StrategyResult> it = store().all()) {
      it.forEachRemaining(kv -> all.add(StrategyResultViews.view(kv.value)));
    }
    all.sort((a, b) -> ((String) a.get("strategyId")).compareTo((String) b.get("strategyId")));
    return Map.of("results", all);
  }

  /** One strategy's results; {@code 404} while no visitor has been assigned to it. */
  @Get("/{strategyId}")
  public HttpResponse<?> get(String strategyId, HttpRequest<?> request) {
    StrategyResult r = store().get(strategyId);
    if (r == null) {
      return Problems.response(
          NotifierProblem.NOT_FOUND,
          "no results for strategy " + strategyId + ": no visitor assigned to it yet",
          request.getPath());
    }
    return HttpResponse.ok(StrategyResultViews.view(r));
  }

  private ReadOnlyKeyValueStore<String, StrategyResult> store() {
    KafkaStreams kafka =
        streams
            .streams()
            .orElseThrow(
                () -> new StrategiesUnavailableException("the notifier is not running", null));
    try {
      return kafka.store(
          StoreQueryParameters.fromNameAndType(
              NotifierTopology.RESULTS_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new StrategiesUnavailableException("strategy results are loading", e);
    }
  }

  @Error(exception = StrategiesUnavailableException.class)
  public HttpResponse<byte[]> unavailable(
      HttpRequest<?> request, StrategiesUnavailableException e) {
    return Problems.retryLater(
        NotifierProblem.UNAVAILABLE, e.getMessage(), request.getPath(), RETRY_AFTER);
  }
}
