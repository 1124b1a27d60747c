package io.leadpipe.service.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * {@code leadpipe.schema-registry.*}: where the value serdes find the registry, under the same keys
 * in every service.
 *
 * @param url registry URL; {@code mock://scope} selects an in-memory registry (tests)
 * @param autoRegister register the contract's schemas on first use (the contract module guards
 *     compatibility)
 * @param requestTimeout one registry call; schema ids are cached after the first record of each
 *     type
 * @param maxRetries retries of one registry call on connection failure or 5xx
 */
@ConfigurationProperties("leadpipe.schema-registry")
public record RegistrySettings(
    @Bindable(defaultValue = "http://localhost:8081") String url,
    @Bindable(defaultValue = "true") boolean autoRegister,
    @Bindable(defaultValue = "5s") Duration requestTimeout,
    @Bindable(defaultValue = "2") int maxRetries) {

  /** The serde configuration in Confluent's key names. */
  public Map<String, Object> serdeConfig() {
    return Map.of(
        "schema.registry.url", url,
        "auto.register.schemas", autoRegister,
        "schema.registry.request.timeout.ms", requestTimeout.toMillis(),
        "schema.registry.max.retries", maxRetries);
  }
}
