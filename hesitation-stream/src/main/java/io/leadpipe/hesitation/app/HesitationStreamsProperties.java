package io.leadpipe.hesitation.app;

import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.streams.runtime.StreamsProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code leadpipe.hesitations.streams.*}: the hesitation-detection application ({@code
 * leadpipe-hesitations}).
 */
@ConfigurationProperties("leadpipe.hesitations.streams")
public class HesitationStreamsProperties extends StreamsProperties {

  public HesitationStreamsProperties() {
    super(HesitationTopology.APPLICATION_ID);
  }
}
