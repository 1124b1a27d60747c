package io.leadpipe.scoring.identity.admin;

import io.leadpipe.scoring.admin.AdminKeyFilter;
import io.leadpipe.scoring.app.StreamsApplications;
import io.leadpipe.scoring.app.security.Credentials;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.leadpipe.scoring.query.Peers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Admin reads answered by the instance that hosts the key, wherever they are asked (docs/queries.md does the same
 * for profiles): the identity graph's stores live on the one partition of its key, a profile on its visitor's. A
 * request is passed on once, with the caller's admin key and operator and {@link Peers#FORWARDED_HEADER}; an
 * instance that gets a forwarded request for a key it does not host answers 503 (ownership is moving) instead
 * of passing it on again.
 */
@Singleton
public class KeyOwners {

    private final ManagedStreams scoring;
    private final IdentitySettings settings;
    private final HttpClient http;

    public KeyOwners(@Named(StreamsApplications.SCORING) ManagedStreams scoring, IdentitySettings settings) {
        this.scoring = scoring;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.writeTimeout()).build();
    }

    /**
     * Empty when this instance hosts {@code key} of {@code store} (read it here), else the instance that does.
     *
     * @param forwarded the request was forwarded here already: this instance answers, or 503, never passes it on
     */
    public Optional<HostInfo> elsewhere(String store, String key, boolean forwarded) {
        KafkaStreams streams = scoring.streams().filter(s -> s.state() == KafkaStreams.State.RUNNING)
                .orElseThrow(() -> new IdentityUnavailableException("the stores are not loaded yet", null));
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        HostInfo self = scoring.self().orElseThrow(() -> new IdentityUnavailableException("not started yet", null));
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            throw new IdentityUnavailableException("the instance hosting " + store + " is not known right now", null);
        }
        if (owner.activeHost().equals(self)) {
            return Optional.empty();
        }
        if (forwarded) {
            throw new IdentityUnavailableException(store + " is moving between instances; retry", null);
        }
        return Optional.of(owner.activeHost());
    }

    public static boolean forwarded(HttpRequest<?> request) {
        return request.getHeaders().contains(Peers.FORWARDED_HEADER);
    }

    /** A GET of {@code pathAndQuery} on {@code owner}, with the caller's admin key and operator. */
    public java.net.http.HttpResponse<String> get(HostInfo owner, String pathAndQuery, HttpRequest<?> request) {
        var outbound = java.net.http.HttpRequest.newBuilder(URI.create("http://" + Peers.address(owner) + pathAndQuery))
                .timeout(settings.writeTimeout())
                .header(Peers.FORWARDED_HEADER, "true")
                .header(AdminKeyFilter.ADMIN_KEY_HEADER,
                        String.valueOf(Credentials.presented(request, AdminKeyFilter.ADMIN_KEY_HEADER)))
                .GET();
        String operator = request.getHeaders().get(MergesController.OPERATOR_HEADER);
        if (operator != null) {
            outbound.header(MergesController.OPERATOR_HEADER, operator);
        }
        try {
            return http.send(outbound.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityUnavailableException("instance " + Peers.address(owner) + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while asking " + Peers.address(owner), e);
        }
    }

    /** The owner's answer passed on as it is: status, body, content type, Retry-After, who served it. */
    public static MutableHttpResponse<String> relay(java.net.http.HttpResponse<String> answer) {
        MutableHttpResponse<String> relayed = HttpResponse.<String>status(HttpStatus.valueOf(answer.statusCode()))
                .body(answer.body());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(t -> relayed.contentType(MediaType.of(t)));
        answer.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(v -> relayed.header(HttpHeaders.RETRY_AFTER, v));
        answer.headers().firstValue(Peers.SERVED_BY_HEADER).ifPresent(v -> relayed.header(Peers.SERVED_BY_HEADER, v));
        return relayed;
    }

    /** A path segment as the URI needs it (ids may hold any character). */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** This instance's address, for {@link Peers#SERVED_BY_HEADER} on what it answers itself. */
    public String self() {
        return scoring.self().map(Peers::address).orElse("");
    }
}
