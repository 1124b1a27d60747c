package io.leadpipe.scoring.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.segment.ReevaluationCursor;
import io.leadpipe.scoring.segment.ReevaluationPass.Stage;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The admin status of this instance's tasks, from their cursors. */
class ReevaluationViewTest {

  @Test
  void perTaskAndSummedOverTheInstancesTasks() {
    var cursors = new TreeMap<Integer, ReevaluationCursor>();
    cursors.put(
        3,
        new ReevaluationCursor(
            Map.of("carts", 1), Map.of("carts", 2), Stage.PROFILE_STATES, "v09", 10, 25, 2));
    cursors.put(1, new ReevaluationCursor(Map.of("carts", 2), null, null, null, 30, 30, 4));

    ReevaluationView view = ReevaluationView.of("scoring-1:8082", cursors);

    assertThat(view.running()).isTrue();
    assertThat(view.done()).isEqualTo(40);
    assertThat(view.total()).isEqualTo(55);
    assertThat(view.remaining()).isEqualTo(15);
    assertThat(view.tasks())
        .containsExactly(
            new ReevaluationView.Task(1, false, null, Map.of("carts", 2), 30, 30, 0, 4),
            new ReevaluationView.Task(
                3, true, Map.of("carts", 2), Map.of("carts", 1), 10, 25, 15, 2));
  }

  @Test
  void noTasksHereIsNothingRunning() {
    ReevaluationView view = ReevaluationView.of("scoring-1:8082", new TreeMap<>());

    assertThat(view.running()).isFalse();
    assertThat(view.tasks()).isEmpty();
  }
}
