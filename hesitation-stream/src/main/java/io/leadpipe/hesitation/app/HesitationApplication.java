package io.leadpipe.hesitation.app;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.Micronaut;

/**
 * hesitation-stream as a service of its own: hesitation detection, with health and Prometheus
 * metrics on one port (8085). Its configuration is {@code application-hesitation-stream.yml}, an
 * environment of its own, so the file is never read when the module runs inside scoring-stream (the
 * local stack), whose own configuration applies there.
 */
public final class HesitationApplication {

  /** The environment the service runs in; it selects {@code application-hesitation-stream.yml}. */
  public static final String ENVIRONMENT = "hesitation-stream";

  private HesitationApplication() {}

  public static void main(String[] args) {
    builder(args).start();
  }

  /**
   * The service's context: what {@link #main} starts, and what tests start with their own
   * properties.
   */
  public static ApplicationContextBuilder builder(String... args) {
    return Micronaut.build(args).mainClass(HesitationApplication.class).environments(ENVIRONMENT);
  }
}
