package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamThreadRatiosTest {

  /** As Micrometer's Prometheus registry writes Kafka Streams' thread metrics. */
  private static final String SCRAPE =
      """
      # HELP kafka_stream_thread_poll_ratio The fraction of time the thread spent on polling records
      # TYPE kafka_stream_thread_poll_ratio gauge
      kafka_stream_thread_poll_ratio{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-1",} 0.5
      kafka_stream_thread_poll_ratio{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-2",} 0.3
      kafka_stream_thread_poll_ratio{kafka_version="4.1.0",thread_id="leadpipe-hesitations-7f939806-d89b-4b24-99d1-93cdb7eea7e0-StreamThread-1",} 0.9
      kafka_stream_thread_process_ratio{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-1",} 0.1
      kafka_stream_thread_process_ratio{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-2",} NaN
      kafka_stream_thread_punctuate_ratio{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-1",} 0.25
      kafka_stream_thread_process_latency_avg{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-1",} 3.0
      kafka_stream_thread_blocked_time_ns_total{kafka_version="4.1.0",thread_id="bench-e2e-scoring-3f355366-bd28-47cc-879b-f8cb9e6d9420-StreamThread-1",} 7.0
      """;

  @Test
  void eachPartIsTheMeanOverTheApplicationsOwnThreads() {
    Map<String, Double> shares = StreamThreadRatios.shares(SCRAPE, "bench-e2e-scoring");

    assertThat(shares).containsOnlyKeys("poll", "process", "punctuate");
    assertThat(shares.get("poll")).isCloseTo(0.4, within(1e-9));
    assertThat(shares.get("process")).as("a thread's NaN left out").isEqualTo(0.1);
    assertThat(shares.get("punctuate")).isEqualTo(0.25);
  }

  @Test
  void anotherApplicationsThreadsAreNotCountedEvenWhenItsIdBeginsTheOther() {
    assertThat(StreamThreadRatios.shares(SCRAPE, "leadpipe-hesitations"))
        .containsExactly(Map.entry("poll", 0.9));
    assertThat(StreamThreadRatios.shares(SCRAPE, "bench-e2e")).isEmpty();
  }
}
