package io.leadpipe.registry.serde;

/**
 * Configuration keys and defaults, named as Confluent's serializers name them so configs carry
 * over.
 */
public final class AvroSerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final boolean USE_LATEST_VERSION_DEFAULT = false;
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final boolean SPECIFIC_AVRO_READER_DEFAULT = false;
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /**
   * The only credentials source supported: user info from {@link #BASIC_AUTH_USER_INFO}, or from
   * the URL.
   */
  public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";

  public static final String CREDENTIALS_SOURCE_URL = "URL";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Per-request timeout of the REST client. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  public static final long REQUEST_TIMEOUT_MS_DEFAULT = 30_000L;

  /** Retries after the first attempt, on connection failures and 5xx only. */
  public static final String MAX_RETRIES = "schema.registry.max.retries";

  public static final int MAX_RETRIES_DEFAULT = 3;

  /** First backoff; doubles per retry. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  public static final long RETRY_BACKOFF_MS_DEFAULT = 100L;

  /** Prefix selecting an in-memory registry shared per scope name (Confluent's convention). */
  public static final String MOCK_URL_PREFIX = "mock://";

  private AvroSerdeConfig() {}
}
