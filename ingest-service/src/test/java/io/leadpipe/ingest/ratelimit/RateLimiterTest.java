package io.leadpipe.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.config.RateLimitSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 10, 3), now::get);

  @Test
  void aBurstPassesThenTheSourceWaitsForTheNextToken() {
    assertThat(limiter.acquire("shop")).isZero();
    assertThat(limiter.acquire("shop")).isZero();
    assertThat(limiter.acquire("shop")).isZero();

    assertThat(limiter.acquire("shop")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void tokensFlowBackAtTheConfiguredRate() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("shop");
    }
    now.addAndGet(Duration.ofMillis(250).toNanos());

    assertThat(limiter.acquire("shop")).isZero();
    assertThat(limiter.acquire("shop")).isZero();
    assertThat(limiter.acquire("shop")).isPositive();
  }

  @Test
  void eachWriteKeyHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("noisy");
    }

    assertThat(limiter.acquire("noisy")).isPositive();
    assertThat(limiter.acquire("quiet")).isZero();
  }

  @Test
  void disabledLetsEverythingThrough() {
    RateLimiter off = new RateLimiter(new RateLimitSettings(false, 1, 1), now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(off.acquire("shop")).isZero();
    }
  }
}
