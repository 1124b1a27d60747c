package io.leadpipe.ingest.auth;

/**
 * An authenticated source: its name (what events carry as {@code source}) and its {@link
 * SourceKind}.
 */
public record Source(String name, SourceKind kind) {

  public boolean isServer() {
    return kind == SourceKind.SERVER;
  }
}
