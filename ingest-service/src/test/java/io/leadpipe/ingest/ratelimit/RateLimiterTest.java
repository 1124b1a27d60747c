package io.leadpipe.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.ingest.auth.Source;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.config.RateLimitSettings;
import io.leadpipe.service.config.ConfigBindingException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final Source SHOP = new Source("shop", SourceKind.BROWSER);
  private static final Source BACKEND = new Source("backend", SourceKind.SERVER);
  private static final String HOME = "203.0.113.0";
  private static final String OFFICE = "198.51.100.0";

  private final AtomicLong now = new AtomicLong();

  /** 10/s and a burst of 3 per key; 1/s and a burst of 2 per address; 3 addresses kept. */
  private final RateLimiter limiter =
      new RateLimiter(new RateLimitSettings(true, 10, 3, 1, 2, 3), now::get);

  @Test
  void aBurstPassesThenTheSourceWaitsForTheNextToken() {
    assertThat(limiter.acquire(BACKEND, HOME)).isZero();
    assertThat(limiter.acquire(BACKEND, HOME)).isZero();
    assertThat(limiter.acquire(BACKEND, HOME)).isZero();

    assertThat(limiter.acquire(BACKEND, HOME)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void tokensFlowBackAtTheConfiguredRate() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire(BACKEND, null);
    }
    now.addAndGet(Duration.ofMillis(250).toNanos());

    assertThat(limiter.acquire(BACKEND, null)).isZero();
    assertThat(limiter.acquire(BACKEND, null)).isZero();
    assertThat(limiter.acquire(BACKEND, null)).isPositive();
  }

  @Test
  void eachWriteKeyHasItsOwnBucket() {
    Source noisy = new Source("noisy", SourceKind.SERVER);
    for (int i = 0; i < 3; i++) {
      limiter.acquire(noisy, HOME);
    }

    assertThat(limiter.acquire(noisy, HOME)).isPositive();
    assertThat(limiter.acquire(BACKEND, HOME)).isZero();
  }

  @Test
  void oneAddressOverItsRateWaitsWhileAnotherAddressOfTheSameKeyPasses() {
    assertThat(limiter.acquire(SHOP, HOME)).isZero();
    assertThat(limiter.acquire(SHOP, HOME)).isZero();

    assertThat(limiter.acquire(SHOP, HOME)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.acquire(SHOP, OFFICE)).isZero();
  }

  @Test
  void anAddressOverItsRateDoesNotSpendTheSourcesBudget() {
    for (int i = 0; i < 20; i++) {
      limiter.acquire(SHOP, HOME);
    }

    // The key's burst of 3: two spent by HOME's own burst, one left for everyone else.
    assertThat(limiter.acquire(SHOP, OFFICE)).isZero();
  }

  @Test
  void serverSourcesAreLimitedPerKeyOnly() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(BACKEND, HOME)).isZero();
    }
    assertThat(limiter.trackedAddresses()).isZero();
  }

  @Test
  void addressBucketsAreBoundedAndIdleOnesDropped() {
    for (int i = 0; i < 50; i++) {
      limiter.acquire(new Source("shop-" + i, SourceKind.BROWSER), HOME);
    }
    assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(3);

    // A bucket refills in burst / rate = 2 s: idle that long it is dropped, as a new one is the
    // same.
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(limiter.trackedAddresses()).isZero();
  }

  @Test
  void disabledLetsEverythingThrough() {
    RateLimiter off = new RateLimiter(new RateLimitSettings(false, 1, 1, 1, 1, 1), now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(off.acquire(SHOP, HOME)).isZero();
    }
  }

  @Test
  void aRateOfZeroFailsNamingTheSetting() {
    assertThatThrownBy(() -> new RateLimitSettings(true, 10, 3, 0, 2, 3))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageStartingWith("leadpipe.ingest.rate-limit.address-requests-per-second");
  }
}
