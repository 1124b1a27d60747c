package io.leadpipe.scoring.identity.admin;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.identity.MergeStatus;
import io.leadpipe.scoring.privacy.PrivacyCommands;
import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.scoring.query.AvroJson;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Identity merge records and their undo (admin key, see AdminKeyFilter). A merge record is read
 * from the identity graph's store on the instance hosting the graph's partition, whichever instance
 * is asked (see {@link KeyOwners}); an undo is written to leadpipe.identity-commands and carried
 * out by the stream (202: the profiles are split within seconds, and the record turns UNDONE).
 */
@Controller("/admin/identities/merges")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MergesController {

  /** Who asked, for the merge and privacy records; operators name themselves, else "admin". */
  public static final String OPERATOR_HEADER = "X-Operator";

  private final ManagedStreams scoring;
  private final PrivacyCommands commands;
  private final IdentitySettings settings;
  private final KeyOwners owners;
  private final JsonMapper json;

  public MergesController(
      @Named(Stores.SCORING) ManagedStreams scoring,
      PrivacyCommands commands,
      IdentitySettings settings,
      KeyOwners owners,
      JsonMapper json) {
    this.scoring = scoring;
    this.commands = commands;
    this.settings = settings;
    this.owners = owners;
    this.json = json;
  }

  @Get("/{mergeId}")
  public HttpResponse<Map<String, Object>> get(HttpRequest<?> request, String mergeId) {
    Found found = find(request, mergeId);
    return HttpResponse.ok(found.record())
        .header(KeyOwnerRouter.SERVED_BY_HEADER, found.servedBy());
  }

  @Post("/{mergeId}/undo")
  public HttpResponse<?> undo(
      HttpRequest<?> request, String mergeId, @Nullable @Header(OPERATOR_HEADER) String operator) {
    Object status = find(request, mergeId).record().get("status");
    if (!MergeStatus.MERGED.name().equals(status)) {
      return Problems.response(
          ScoringProblem.CONFLICT,
          "Merge " + mergeId + " is " + status + ", not in effect",
          request.getPath());
    }
    String commandId =
        commands.undoMerge(mergeId, operator == null || operator.isBlank() ? "admin" : operator);
    return HttpResponse.accepted().body(Map.of("commandId", commandId, "mergeId", mergeId));
  }

  /** A merge record as JSON values, and the instance ({@code host:port}) that read it. */
  private record Found(Map<String, Object> record, String servedBy) {}

  /**
   * Read where the identity graph lives: here, or on the instance hosting its partition (one hop).
   */
  private Found find(HttpRequest<?> request, String mergeId) {
    Optional<HostInfo> graph =
        owners.elsewhere(
            Stores.IDENTITY_MERGE_STORE, Stores.GRAPH_KEY, KeyOwnerRouter.forwarded(request));
    if (graph.isPresent()) {
      var answer =
          owners.get(
              graph.get(), "/admin/identities/merges/" + KeyOwnerRouter.encode(mergeId), request);
      if (answer.statusCode() == HttpStatus.NOT_FOUND.getCode()) {
        throw new MergeNotFoundException(mergeId);
      }
      if (answer.statusCode() != HttpStatus.OK.getCode()) {
        throw new IdentityUnavailableException(
            "the instance hosting the identity graph answered " + answer.statusCode(), null);
      }
      try {
        return new Found(
            json.readValue(answer.body(), Argument.mapOf(String.class, Object.class)),
            answer
                .headers()
                .firstValue(KeyOwnerRouter.SERVED_BY_HEADER)
                .orElse(KeyOwnerRouter.address(graph.get())));
      } catch (IOException e) {
        throw new IdentityUnavailableException(
            "the instance hosting the identity graph sent no merge record", e);
      }
    }
    KafkaStreams streams =
        scoring
            .streams()
            .filter(s -> s.state() == KafkaStreams.State.RUNNING)
            .orElseThrow(
                () ->
                    new IdentityUnavailableException("the identity graph is not loaded yet", null));
    IdentityMerge merge;
    try {
      merge =
          streams
              .store(
                  StoreQueryParameters.fromNameAndType(
                      Stores.IDENTITY_MERGE_STORE,
                      QueryableStoreTypes.<String, IdentityMerge>keyValueStore()))
              .get(mergeId);
    } catch (InvalidStateStoreException e) {
      throw new IdentityUnavailableException("the identity graph is migrating; retry", e);
    }
    if (merge == null) {
      throw new MergeNotFoundException(mergeId);
    }
    return new Found(AvroJson.of(merge), owners.self());
  }

  @Error(exception = MergeNotFoundException.class)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request, MergeNotFoundException e) {
    return Problems.response(ScoringProblem.NOT_FOUND, e.getMessage(), request.getPath());
  }

  @Error(exception = IdentityUnavailableException.class)
  public HttpResponse<byte[]> unavailable(HttpRequest<?> request, IdentityUnavailableException e) {
    return Problems.retryLater(
        ScoringProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }

  @Error(exception = PrivacyCommands.NotAcknowledgedException.class)
  public HttpResponse<byte[]> notStored(
      HttpRequest<?> request, PrivacyCommands.NotAcknowledgedException e) {
    return Problems.retryLater(
        ScoringProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }
}
