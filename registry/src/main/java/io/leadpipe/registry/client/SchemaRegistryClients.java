package io.leadpipe.registry.client;

import io.leadpipe.registry.serde.AvroSerdeConfig;
import io.leadpipe.registry.store.SchemaStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a (caching) client from serde configuration. {@code mock://<scope>} selects an in-memory
 * registry shared by every client of the same scope in this JVM, as Confluent's serdes do.
 */
public final class SchemaRegistryClients {
  private static final Map<String, SchemaStore> MOCK_SCOPES = new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
    Object urlValue = config.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    if (urlValue == null || urlValue.toString().isBlank()) {
      throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is required");
    }
    List<String> urls =
        urlValue instanceof List<?> list
            ? list.stream().map(Object::toString).toList()
            : Arrays.stream(urlValue.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    if (urls.size() == 1 && urls.get(0).startsWith(AvroSerdeConfig.MOCK_URL_PREFIX)) {
      return new CachingSchemaRegistryClient(
          mockScope(urls.get(0).substring(AvroSerdeConfig.MOCK_URL_PREFIX.length())));
    }
    String source =
        string(
            config,
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            AvroSerdeConfig.CREDENTIALS_SOURCE_URL);
    String userInfo =
        AvroSerdeConfig.CREDENTIALS_SOURCE_USER_INFO.equalsIgnoreCase(source)
            ? string(config, AvroSerdeConfig.BASIC_AUTH_USER_INFO, null)
            : null;
    Duration timeout =
        Duration.ofMillis(
            Long.parseLong(
                string(
                    config,
                    AvroSerdeConfig.REQUEST_TIMEOUT_MS,
                    String.valueOf(AvroSerdeConfig.REQUEST_TIMEOUT_MS_DEFAULT))));
    int retries =
        Integer.parseInt(
            string(
                config,
                AvroSerdeConfig.MAX_RETRIES,
                String.valueOf(AvroSerdeConfig.MAX_RETRIES_DEFAULT)));
    Duration backoff =
        Duration.ofMillis(
            Long.parseLong(
                string(
                    config,
                    AvroSerdeConfig.RETRY_BACKOFF_MS,
                    String.valueOf(AvroSerdeConfig.RETRY_BACKOFF_MS_DEFAULT))));
    return new CachingSchemaRegistryClient(
        new RestSchemaRegistryClient(urls, userInfo, timeout, retries, backoff));
  }

  private static String string(Map<String, ?> config, String key, String defaultValue) {
    Object value = config.get(key);
    return value == null ? defaultValue : value.toString();
  }

  /** The in-memory registry of a mock scope, created on first use. */
  public static SchemaStore mockScope(String scope) {
    return MOCK_SCOPES.computeIfAbsent(scope, s -> SchemaStore.inMemory());
  }

  /** Forgets a mock scope, so the next client of that scope starts empty (for tests). */
  public static void dropScope(String scope) {
    MOCK_SCOPES.remove(scope);
  }
}
