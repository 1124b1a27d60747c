package io.leadpipe.scoring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.scoring.testing.ScoringApp;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class ScoringApplicationIT {

  @Test
  void theServiceStartsItsStreamsBecomesReadyAndExposesStreamsMetrics(KafkaTestEnvironment env) {
    try (ScoringApp app = ScoringApp.start(env, "scoring-app-it-" + UUID.randomUUID(), Map.of()).awaitReady()) {
      HttpResponse<String> readiness = app.get("/health/readiness");
      assertThat(readiness.body()).contains("\"streams-scoring\"").contains("RUNNING");

      HttpResponse<String> metrics = app.get("/prometheus");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("leadpipe_streams_running{application=\"scoring\"} 1.0")
          .contains("kafka_stream_");
    }
  }
}
