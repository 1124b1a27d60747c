package io.leadpipe.registry.client;

/**
 * A registry answer that is not a success, carrying what Confluent's API reports: the HTTP status,
 * Confluent's {@code error_code} and its message. Subclasses name the codes callers act on.
 */
public class SchemaRegistryException extends RuntimeException {
  private final int status;
  private final int errorCode;

  /** Status used when no HTTP answer came back at all (connection refused, timeout). */
  public static final int NO_HTTP_STATUS = 0;

  private static final int FIRST_SERVER_ERROR_STATUS = 500;
  private static final int UNAUTHORIZED = 401;
  private static final int FORBIDDEN = 403;
  private static final int REQUEST_TIMEOUT = 408;
  private static final int TOO_MANY_REQUESTS = 429;

  public SchemaRegistryException(int status, int errorCode, String message) {
    this(status, errorCode, message, null);
  }

  public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message + " (status " + status + ", error_code " + errorCode + ")", cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  /**
   * True when the registry is up and gave an answer of its own: any status below 500. False for no
   * answer at all and for 5xx.
   */
  public boolean registryAnswered() {
    return status != NO_HTTP_STATUS && status < FIRST_SERVER_ERROR_STATUS;
  }

  /**
   * True when the same call may succeed later without anything changing on the caller's side: no
   * answer at all (connection refused, timeout, interrupted), a 5xx, or 401/403/408/429 (the
   * registry refusing for now, or a credential an operator must fix; never something a record
   * causes). Callers wait and retry; they never treat the data as bad because of it.
   */
  public boolean isTransient() {
    return status == NO_HTTP_STATUS
        || status >= FIRST_SERVER_ERROR_STATUS
        || status == UNAUTHORIZED
        || status == FORBIDDEN
        || status == REQUEST_TIMEOUT
        || status == TOO_MANY_REQUESTS;
  }

  /** Maps a Confluent error answer to the most specific exception type. */
  public static SchemaRegistryException of(int status, int errorCode, String message) {
    return switch (errorCode) {
      case ErrorCodes.SUBJECT_NOT_FOUND -> new SubjectNotFoundException(message);
      case ErrorCodes.VERSION_NOT_FOUND -> new VersionNotFoundException(message);
      case ErrorCodes.SCHEMA_NOT_FOUND -> new SchemaNotFoundException(message);
      case ErrorCodes.INCOMPATIBLE_SCHEMA -> new IncompatibleSchemaException(message);
      case ErrorCodes.INVALID_SCHEMA -> new InvalidSchemaException(message);
      case ErrorCodes.INVALID_VERSION -> new InvalidVersionException(message);
      case ErrorCodes.INVALID_COMPATIBILITY_LEVEL ->
          new InvalidCompatibilityLevelException(message);
      case ErrorCodes.STORE_ERROR, ErrorCodes.OPERATION_TIMEOUT, ErrorCodes.FORWARDING_ERROR ->
          new SchemaRegistryServerException(status, errorCode, message);
      default -> new SchemaRegistryException(status, errorCode, message);
    };
  }

  public static final class SubjectNotFoundException extends SchemaRegistryException {
    public SubjectNotFoundException(String message) {
      super(404, ErrorCodes.SUBJECT_NOT_FOUND, message);
    }
  }

  public static final class VersionNotFoundException extends SchemaRegistryException {
    public VersionNotFoundException(String message) {
      super(404, ErrorCodes.VERSION_NOT_FOUND, message);
    }
  }

  public static final class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message) {
      super(404, ErrorCodes.SCHEMA_NOT_FOUND, message);
    }
  }

  public static final class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(String message) {
      super(409, ErrorCodes.INCOMPATIBLE_SCHEMA, message);
    }
  }

  public static final class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(String message) {
      super(422, ErrorCodes.INVALID_SCHEMA, message);
    }
  }

  public static final class InvalidVersionException extends SchemaRegistryException {
    public InvalidVersionException(String message) {
      super(422, ErrorCodes.INVALID_VERSION, message);
    }
  }

  public static final class InvalidCompatibilityLevelException extends SchemaRegistryException {
    public InvalidCompatibilityLevelException(String message) {
      super(422, ErrorCodes.INVALID_COMPATIBILITY_LEVEL, message);
    }
  }

  /** 500xx: the registry failed; a retry may succeed. */
  public static final class SchemaRegistryServerException extends SchemaRegistryException {
    public SchemaRegistryServerException(int status, int errorCode, String message) {
      super(status, errorCode, message);
    }

    public SchemaRegistryServerException(
        int status, int errorCode, String message, Throwable cause) {
      super(status, errorCode, message, cause);
    }
  }
}
