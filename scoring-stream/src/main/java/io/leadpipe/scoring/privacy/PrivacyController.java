package io.leadpipe.scoring.privacy;

import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.scoring.identity.admin.IdentitySettings;
import io.leadpipe.scoring.identity.admin.IdentityUnavailableException;
import io.leadpipe.scoring.identity.admin.KeyOwners;
import io.leadpipe.scoring.identity.admin.MergesController;
import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.scoring.query.AvroJson;
import io.leadpipe.scoring.query.PublishedProfiles;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.registry.RegistrySettings;
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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A data subject's rights (admin key, see AdminKeyFilter): export everything known about the person
 * an id belongs to, and erase it. Erase is written to leadpipe.identity-commands and carried out by
 * the stream (202 with the request id; the completed request appears on leadpipe.privacy-requests
 * with the ids hashed). Any instance answers: reads go to the instance hosting the key ({@link
 * KeyOwners}).
 */
@Controller("/admin/privacy")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PrivacyController {

  private final ManagedStreams scoring;
  private final PrivacyCommands commands;
  private final TopicHistory history;
  private final KafkaProducer<String, PrivacyRequest> records;
  private final RegistrySettings registry;
  private final IdentitySettings settings;
  private final Clock clock;
  private final KeyOwners owners;
  private final JsonMapper json;
  private final PublishedProfiles published;

  public PrivacyController(
      @Named(Stores.SCORING) ManagedStreams scoring,
      PrivacyCommands commands,
      TopicHistory history,
      KafkaProducer<String, PrivacyRequest> records,
      RegistrySettings registry,
      IdentitySettings settings,
      Clock clock,
      KeyOwners owners,
      JsonMapper json,
      PublishedProfiles published) {
    this.published = published;
    this.owners = owners;
    this.json = json;
    this.scoring = scoring;
    this.commands = commands;
    this.history = history;
    this.records = records;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
  }

  @Post("/erase/{visitorId}")
  public HttpResponse<Map<String, String>> erase(
      String visitorId, @Nullable @Header(MergesController.OPERATOR_HEADER) String operator) {
    String requestId = commands.erase(visitorId, operatorOf(operator));
    return HttpResponse.accepted().body(Map.of("requestId", requestId, "visitorId", visitorId));
  }

  /**
   * Answered where the identity graph lives (forwarded there once when asked elsewhere); the
   * person's profile is read where it lives ({@code /admin/privacy/profiles/{id}} on its instance).
   */
  @Get("/export/{visitorId}")
  public HttpResponse<?> export(
      HttpRequest<?> request,
      String visitorId,
      @Nullable @Header(MergesController.OPERATOR_HEADER) String operator)
      throws ExecutionException, InterruptedException {
    Optional<HostInfo> graph =
        owners.elsewhere(
            Stores.IDENTITY_NODE_STORE, Stores.GRAPH_KEY, KeyOwnerRouter.forwarded(request));
    if (graph.isPresent()) {
      return KeyOwnerRouter.relay(
          owners.get(
              graph.get(), "/admin/privacy/export/" + KeyOwnerRouter.encode(visitorId), request));
    }
    PersonExport.Export e;
    try {
      e =
          new PersonExport(
                  running("the profiles are not loaded yet"),
                  id -> profileOf(request, id),
                  history,
                  records,
                  registry.serdeConfig(),
                  clock)
              .export(visitorId, operatorOf(operator));
    } catch (InvalidStateStoreException ex) {
      throw new IdentityUnavailableException("the stores are migrating; retry", ex);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", e.requestId());
    out.put("canonicalId", e.canonicalId());
    out.put("linkedIds", e.linkedIds());
    out.put("profile", e.profile());
    out.put("merges", e.merges().stream().map(AvroJson::of).toList());
    out.put("hesitations", e.hesitations().stream().map(AvroJson::of).toList());
    out.put("segmentChanges", e.segmentChanges().stream().map(AvroJson::of).toList());
    out.put("followupTriggers", e.followupTriggers().stream().map(AvroJson::of).toList());
    out.put("followupDecisions", e.followupDecisions().stream().map(AvroJson::of).toList());
    return HttpResponse.ok(out).header(KeyOwnerRouter.SERVED_BY_HEADER, owners.self());
  }

  /**
   * The published profile of one visitor id as an export shows it, from the instance hosting it
   * (one hop).
   */
  @Get("/profiles/{visitorId}")
  public HttpResponse<?> profile(HttpRequest<?> request, String visitorId) {
    Optional<HostInfo> host =
        owners.elsewhere(Stores.PROFILE_STORE, visitorId, KeyOwnerRouter.forwarded(request));
    if (host.isPresent()) {
      var answer =
          owners.get(
              host.get(), "/admin/privacy/profiles/" + KeyOwnerRouter.encode(visitorId), request);
      if (answer.statusCode() == HttpStatus.NOT_FOUND.getCode()) {
        throw new NoProfileException(visitorId);
      }
      return KeyOwnerRouter.relay(answer);
    }
    Map<String, Object> profile =
        PersonExport.localProfiles(running("the profiles are not loaded yet"), published)
            .profileOf(visitorId);
    if (profile == null) {
      throw new NoProfileException(visitorId);
    }
    return HttpResponse.ok(profile).header(KeyOwnerRouter.SERVED_BY_HEADER, owners.self());
  }

  private Map<String, Object> profileOf(HttpRequest<?> request, String visitorId) {
    // A hop of its own from where the graph lives, also when the export itself was forwarded there.
    Optional<HostInfo> host = owners.elsewhere(Stores.PROFILE_STORE, visitorId, false);
    if (host.isEmpty()) {
      return PersonExport.localProfiles(running("the profiles are not loaded yet"), published)
          .profileOf(visitorId);
    }
    var answer =
        owners.get(
            host.get(), "/admin/privacy/profiles/" + KeyOwnerRouter.encode(visitorId), request);
    if (answer.statusCode() == HttpStatus.NOT_FOUND.getCode()) {
      return null;
    }
    if (answer.statusCode() != HttpStatus.OK.getCode()) {
      throw new IdentityUnavailableException(
          "the instance hosting the profile answered " + answer.statusCode(), null);
    }
    try {
      return json.readValue(answer.body(), Argument.mapOf(String.class, Object.class));
    } catch (IOException ex) {
      throw new IdentityUnavailableException(
          "the instance hosting the profile sent no profile", ex);
    }
  }

  private KafkaStreams running(String notYet) {
    return scoring
        .streams()
        .filter(s -> s.state() == KafkaStreams.State.RUNNING)
        .orElseThrow(() -> new IdentityUnavailableException(notYet, null));
  }

  private static String operatorOf(String header) {
    return header == null || header.isBlank() ? "admin" : header;
  }

  @Error(exception = NoProfileException.class)
  public HttpResponse<byte[]> noProfile(HttpRequest<?> request, NoProfileException e) {
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
