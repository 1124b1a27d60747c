package io.leadpipe.ingest.event;

import java.util.Optional;

/** The endpoints that take events, and whether their body is one event or a batch. */
public enum Call {
  TRACK("/v1/track", "track"),
  PAGE("/v1/page", "page"),
  /** A mobile app's screen view: counted like a page view, with the screen's name. */
  SCREEN("/v1/screen", "screen"),
  IDENTIFY("/v1/identify", "identify"),
  ALIAS("/v1/alias", "alias"),
  /** The visitor belongs to an account (company), with the account's traits. */
  GROUP("/v1/group", "group"),
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

  /** The call whose endpoint is {@code path}, if any. */
  public static Optional<Call> ofPath(String path) {
    for (Call call : values()) {
      if (call.path.equals(path)) {
        return Optional.of(call);
      }
    }
    return Optional.empty();
  }

  /** The call type as events carry it and metrics tag it. */
  public String type() {
    return type;
  }
}
