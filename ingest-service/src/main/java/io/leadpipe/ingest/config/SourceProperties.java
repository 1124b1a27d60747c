package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code leadpipe.ingest.sources.<name>.write-key}: one tracking source (a shop, a server, a social
 * connector) and its write key. The name is what events carry as {@code source}; the key is a
 * secret that is never logged.
 */
@EachProperty("leadpipe.ingest.sources")
public class SourceProperties {
  private final String name;
  private String writeKey;

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

  @Override
  public String toString() {
    // Keys must never reach a log line, even through a debug dump of the configuration.
    return "SourceProperties[name=" + name + ", writeKey=***]";
  }
}
