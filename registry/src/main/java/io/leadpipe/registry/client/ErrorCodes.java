package io.leadpipe.registry.client;

/** Confluent Schema Registry {@code error_code} values, as its REST API documents them. */
public final class ErrorCodes {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent answers an incompatible schema with the bare HTTP status as error code. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /**
   * GET /config/{subject} when the subject has no level of its own (and defaultToGlobal is not
   * set).
   */
  public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;

  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int STORE_ERROR = 50001;
  public static final int OPERATION_TIMEOUT = 50002;
  public static final int FORWARDING_ERROR = 50003;

  /** Used for a route the registry does not know. */
  public static final int NOT_FOUND = 404;

  private ErrorCodes() {}
}
