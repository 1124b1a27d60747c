package io.leadpipe.scoring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.streams.runtime.ManagedStreams;
import io.leadpipe.streams.runtime.StreamsHost;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which Streams applications the service runs: hesitation detection comes from the
 * hesitation-stream module.
 */
class StreamsApplicationsTest {

  private static ApplicationContext context(Map<String, Object> properties) {
    Map<String, Object> p = new HashMap<>(properties);
    p.put("leadpipe.dashboard.enabled", false);
    p.put("leadpipe.streams.exit-on-fatal-error", false);
    return ApplicationContext.run(p);
  }

  @Test
  void hesitationDetectionRunsInsideTheServiceByDefaultUnderThisServicesHost() {
    try (ApplicationContext ctx = context(Map.of())) {
      assertThat(ctx.getBeansOfType(ManagedStreams.class))
          .extracting(ManagedStreams::name)
          .containsExactlyInAnyOrder(StreamsApplications.SCORING, StreamsApplications.HESITATIONS);
      // Both applications are started by one starter, reached where this service is (not the
      // module's own host).
      assertThat(ctx.getBean(StreamsHost.class)).isInstanceOf(ScoringStreamsHost.class);
    }
  }

  @Test
  void hesitationDetectionIsOffWhenItRunsAsItsOwnService() {
    try (ApplicationContext ctx = context(Map.of("leadpipe.hesitations.enabled", false))) {
      assertThat(ctx.getBeansOfType(ManagedStreams.class))
          .extracting(ManagedStreams::name)
          .containsExactly(StreamsApplications.SCORING);
    }
  }
}
