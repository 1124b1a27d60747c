package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.segment.ReevaluationCursor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * How far applying the latest segment definitions has come on this instance: per local task
 * (partition) and summed. Other instances answer for their own tasks.
 *
 * @param instance this instance (host:port), as other instances reach it
 * @param running whether any local task is still re-evaluating
 * @param done profiles (store keys) walked by the running passes, or by the last ones when done
 * @param remaining keys left to walk (estimated)
 */
@Serdeable
public record ReevaluationView(
    String instance, boolean running, long done, long total, long remaining, List<Task> tasks) {

  /**
   * One task.
   *
   * @param passVersions the definition versions the running pass applies (null when none runs)
   * @param appliedVersions the versions the task's memberships reflect (null: not known yet)
   * @param changed profiles whose membership the pass changed
   */
  @Serdeable
  public record Task(
      int partition,
      boolean running,
      @Nullable Map<String, Integer> passVersions,
      @Nullable Map<String, Integer> appliedVersions,
      long done,
      long total,
      long remaining,
      long changed) {

    static Task of(int partition, ReevaluationCursor c) {
      return new Task(
          partition,
          c.running(),
          c.target(),
          c.applied(),
          c.done(),
          c.total(),
          c.remaining(),
          c.changed());
    }
  }

  /** The cursors of this instance's active tasks, by partition. */
  public static ReevaluationView of(
      String instance, SortedMap<Integer, ReevaluationCursor> cursors) {
    List<Task> tasks =
        cursors.entrySet().stream().map(e -> Task.of(e.getKey(), e.getValue())).toList();
    return new ReevaluationView(
        instance,
        tasks.stream().anyMatch(Task::running),
        tasks.stream().mapToLong(Task::done).sum(),
        tasks.stream().mapToLong(Task::total).sum(),
        tasks.stream().mapToLong(Task::remaining).sum(),
        tasks);
  }
}
