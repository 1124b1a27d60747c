package io.leadpipe.scoring.app.streams;

import io.leadpipe.streams.runtime.StreamsProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code leadpipe.scoring.streams.*}: the prospect-profile application ({@code leadpipe-scoring}).
 */
@ConfigurationProperties("leadpipe.scoring.streams")
public class ScoringStreamsProperties extends StreamsProperties {

  public static final String DEFAULT_APPLICATION_ID = "leadpipe-scoring";

  public ScoringStreamsProperties() {
    super(DEFAULT_APPLICATION_ID);
  }
}
