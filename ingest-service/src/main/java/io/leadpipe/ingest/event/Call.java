package io.leadpipe.ingest.event;

/** The endpoints that take events, and whether their body is one event or a batch. */
public enum Call {
  TRACK("/v1/track", "track"),
  PAGE("/v1/page", "page"),
  IDENTIFY("/v1/identify", "identify"),
  ALIAS("/v1/alias", "alias"),
  BATCH("/v1/batch", "batch"),
  /** One social interaction, or {@code {"batch": [...]}} of them. */
  SOCIAL("/v1/social", "social");

  private final String path;
  private final String type;

  Call(String path, String type) {
    this.path = path;
    this.type = type;
  }

  public String path() {
    return path;
  }

  /** The call type as events carry it and metrics tag it. */
  public String type() {
    return type;
  }
}
