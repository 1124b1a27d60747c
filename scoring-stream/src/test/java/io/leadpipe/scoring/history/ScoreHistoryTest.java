package io.leadpipe.scoring.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreHistoryTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T10:00:00Z");
  private final HistoryRules rules = new HistoryRules(3, 10);

  private static ScoreHistory.Point at(Instant at, double engagement) {
    return new ScoreHistory.Point(at, engagement, 50, 0);
  }

  @Test
  void smallMovesWithinADayRefreshTheDaysSnapshot() {
    List<ScoreHistory.Point> h = List.of();
    h = ScoreHistory.append(h, at(DAY0, 1), rules);
    h = ScoreHistory.append(h, at(DAY0.plusSeconds(60), 4), rules);
    h = ScoreHistory.append(h, at(DAY0.plusSeconds(120), 9), rules);

    assertThat(h).containsExactly(at(DAY0.plusSeconds(120), 9));
  }

  @Test
  void aSignificantJumpKeepsTheSnapshotBeforeIt() {
    List<ScoreHistory.Point> h = List.of();
    h = ScoreHistory.append(h, at(DAY0, 5), rules);
    h = ScoreHistory.append(h, at(DAY0.plusSeconds(60), 35), rules);

    assertThat(h).extracting(ScoreHistory.Point::engagement).containsExactly(5.0, 35.0);
  }

  @Test
  void eachDayGetsItsOwnSnapshotAndOnlyTheLatestAreKept() {
    List<ScoreHistory.Point> h = List.of();
    for (int day = 0; day < 5; day++) {
      h = ScoreHistory.append(h, at(DAY0.plus(Duration.ofDays(day)), day), rules);
    }

    assertThat(h).extracting(ScoreHistory.Point::engagement).containsExactly(2.0, 3.0, 4.0);
  }

  @Test
  void fitAndInfluenceJumpsCountToo() {
    List<ScoreHistory.Point> h = List.of(at(DAY0, 5));
    h = ScoreHistory.append(h, new ScoreHistory.Point(DAY0.plusSeconds(1), 5, 90.6, 0), rules);
    h = ScoreHistory.append(h, new ScoreHistory.Point(DAY0.plusSeconds(2), 5, 90.6, 37), rules);

    assertThat(h)
        .extracting(ScoreHistory.Point::fit, ScoreHistory.Point::influence)
        .containsExactly(tuple(50.0, 0.0), tuple(90.6, 0.0), tuple(90.6, 37.0));
  }
}
