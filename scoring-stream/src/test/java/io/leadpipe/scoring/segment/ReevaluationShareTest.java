package io.leadpipe.scoring.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.topology.ScoringConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReevaluationShareTest {

  private static final long MS = Duration.ofMillis(1).toNanos();

  private final ReevaluationShare share = share(Duration.ofMillis(120));

  private static ReevaluationShare share(Duration threadBudget) {
    return new ReevaluationShare(
        new ScoringConfig.Reevaluation(
            ScoringConfig.Reevaluation.DEFAULT_CHUNK_SIZE,
            Duration.ofMillis(200),
            ScoringConfig.Reevaluation.DEFAULT_TIME_BUDGET,
            threadBudget));
  }

  @Test
  void theTasksOfOneThreadShareItsBudgetPerInterval() {
    long now = 1_000_000;
    // Six tasks of 20 ms fit; the seventh finds the thread's share spent.
    for (int task = 0; task < 6; task++) {
      assertThat(share.left(now + task)).isEqualTo((120 - 20L * task) * MS);
      share.spent(20 * MS);
    }
    assertThat(share.left(now + 7)).isZero();
    // A chunk that ran over leaves nothing, never a negative budget.
    share.spent(5 * MS);
    assertThat(share.left(now + 8)).isZero();
  }

  @Test
  void theNextIntervalStartsAFreshAccount() {
    long now = 1_000_000; // the start of a 200 ms window
    assertThat(share.left(now)).isEqualTo(120 * MS);
    share.spent(120 * MS);
    assertThat(share.left(now + 199)).isZero();
    assertThat(share.left(now + 200)).isEqualTo(120 * MS);
  }

  @Test
  void eachThreadHasItsOwnAccount() throws Exception {
    long now = 1_000_000;
    share.left(now);
    share.spent(120 * MS);
    long otherThread = CompletableFuture.supplyAsync(() -> share.left(now)).get();
    assertThat(otherThread).isEqualTo(120 * MS);
    assertThat(share.left(now)).isZero();
  }

  @Test
  void aBudgetOfTheWholeIntervalLetsThePassesTakeTheThread() {
    ReevaluationShare whole = share(Duration.ofMinutes(10));
    whole.left(0);
    whole.spent(200 * MS);
    assertThat(whole.left(100)).isPositive();
  }
}
