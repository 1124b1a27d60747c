package io.leadpipe.scoring.privacy;

import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.scoring.app.StreamsApplications;
import io.leadpipe.scoring.app.config.RegistrySettings;
import io.leadpipe.scoring.app.problem.Problem;
import io.leadpipe.scoring.app.problem.Problems;
import io.leadpipe.scoring.app.streams.ManagedStreams;
import io.leadpipe.scoring.identity.admin.IdentitySettings;
import io.leadpipe.scoring.identity.admin.IdentityUnavailableException;
import io.leadpipe.scoring.identity.admin.MergesController;
import io.leadpipe.scoring.query.AvroJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A data subject's rights (admin key, see AdminKeyFilter): export everything known about the person an id belongs
 * to, and erase it. Erase is written to leadpipe.identity-commands and carried out by the stream (202 with the
 * request id; the completed request appears on leadpipe.privacy-requests with the ids hashed).
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

    public PrivacyController(@Named(StreamsApplications.SCORING) ManagedStreams scoring, PrivacyCommands commands,
                             TopicHistory history, KafkaProducer<String, PrivacyRequest> records, RegistrySettings registry,
                             IdentitySettings settings, Clock clock) {
        this.scoring = scoring;
        this.commands = commands;
        this.history = history;
        this.records = records;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
    }

    @Post("/erase/{visitorId}")
    public HttpResponse<Map<String, String>> erase(String visitorId,
                                                   @Nullable @Header(MergesController.OPERATOR_HEADER) String operator) {
        String requestId = commands.erase(visitorId, operatorOf(operator));
        return HttpResponse.accepted().body(Map.of("requestId", requestId, "visitorId", visitorId));
    }

    @Get("/export/{visitorId}")
    public Map<String, Object> export(String visitorId, @Nullable @Header(MergesController.OPERATOR_HEADER) String operator)
            throws ExecutionException, InterruptedException {
        KafkaStreams streams = scoring.streams().filter(s -> s.state() == KafkaStreams.State.RUNNING)
                .orElseThrow(() -> new IdentityUnavailableException("the profiles are not loaded yet", null));
        PersonExport.Export e;
        try {
            e = new PersonExport(streams, history, records, registry.serdeConfig(), clock).export(visitorId, operatorOf(operator));
        } catch (InvalidStateStoreException ex) {
            throw new IdentityUnavailableException("the stores are migrating; retry", ex);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", e.requestId());
        out.put("canonicalId", e.canonicalId());
        out.put("linkedIds", e.linkedIds());
        out.put("profile", e.profile() == null ? null : AvroJson.of(e.profile()));
        out.put("merges", e.merges().stream().map(AvroJson::of).toList());
        out.put("hesitations", e.hesitations().stream().map(AvroJson::of).toList());
        out.put("segmentChanges", e.segmentChanges().stream().map(AvroJson::of).toList());
        out.put("followupTriggers", e.followupTriggers().stream().map(AvroJson::of).toList());
        out.put("followupDecisions", e.followupDecisions().stream().map(AvroJson::of).toList());
        return out;
    }

    private static String operatorOf(String header) {
        return header == null || header.isBlank() ? "admin" : header;
    }

    @Error(exception = IdentityUnavailableException.class)
    public HttpResponse<Problem> unavailable(HttpRequest<?> request, IdentityUnavailableException e) {
        return Problems.retryLater(e.getMessage(), request.getPath(), settings.retryAfter());
    }

    @Error(exception = PrivacyCommands.NotAcknowledgedException.class)
    public HttpResponse<Problem> notStored(HttpRequest<?> request, PrivacyCommands.NotAcknowledgedException e) {
        return Problems.retryLater(e.getMessage(), request.getPath(), settings.retryAfter());
    }
}
