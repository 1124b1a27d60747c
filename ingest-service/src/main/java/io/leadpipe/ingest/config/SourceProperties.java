package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code leadpipe.ingest.sources.<name>.*}: one tracking source (a shop's pages, its server, a
 * social connector), its write key and its kind ({@code browser}, the default, or {@code server}).
 * The name is what events carry as {@code source}; the key is a secret that is never logged, given
 * in plain text or as {@code sha256:<hex>}.
 */
@EachProperty("leadpipe.ingest.sources")
public class SourceProperties {
  private final String name;
  private String writeKey;
  private String kind;

  public SourceProperties(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getWriteKey() {
    return writeKey;
  }

  public void setWriteKey(String writeKey) {
    this.writeKey = writeKey;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public String toString() {
    // Keys must never reach a log line, even through a debug dump of the configuration.
    return "SourceProperties[name=" + name + ", kind=" + kind + ", writeKey=***]";
  }
}
