package io.leadpipe.notifier;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.config.WebhookEndpointProperties;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.DeliveryCredit;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.notifier.topology.NotifierTopology;
import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.streams.runtime.FatalErrorAction;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The notifier's one Streams application as a bean, so the shared readiness and liveness indicators
 * ({@code streams-notifier}, {@code streams-notifier-liveness}) see it; {@link NotifierRuntime}
 * starts and closes it.
 */
@Factory
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class NotifierStreams {

  @Singleton
  @Named(NotifierRuntime.STREAMS)
  public ManagedStreams notifierStreams(
      NotifierProperties props,
      PolicyConfig policyConfig,
      List<WebhookEndpointProperties> webhooks,
      MeterRegistry meters,
      FatalErrorAction fatalErrorAction,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrap,
      @Value("${leadpipe.schema-registry.url:http://localhost:8081}") String registryUrl,
      RunMode mode,
      @Value("${" + SurveyLinks.BASE_URL + ":}") String surveyBaseUrl,
      @Value("${" + SurveyLinks.LIFETIME + ":14d}") Duration surveyLinkLifetime,
      @Value("${leadpipe.survey.signing-key:}") String surveyKey) {
    Map<String, Object> registry = NotifierRuntime.registry(registryUrl);
    // Built here, when the bean is: a missing survey key or base URL fails start-up by name.
    SurveyLinks surveys = SurveyLinks.of(mode, surveyBaseUrl, surveyLinkLifetime, surveyKey);
    FollowupPolicy policy = new FollowupPolicy(policyConfig, Clock.systemUTC());
    // The endpoints' delivery outcomes decide what a purchase is credited to.
    DeliveryCredit credit =
        new DeliveryCredit(
            webhooks.stream().map(WebhookEndpointProperties::getName).collect(Collectors.toSet()),
            props.getDeliveryWait());
    return new ManagedStreams(
        NotifierRuntime.STREAMS,
        () ->
            new NotifierTopology(
                    policy,
                    ValueSerdes.registry(registry),
                    new DecisionMetrics(meters),
                    props.getTick(),
                    props.getProfileRetention())
                .withSurveyLinks(surveys)
                .withDeliveryCredit(credit)
                .build(),
        NotifierRuntime.settings(props),
        bootstrap,
        registry,
        meters,
        fatalErrorAction,
        Clock.systemUTC());
  }
}
