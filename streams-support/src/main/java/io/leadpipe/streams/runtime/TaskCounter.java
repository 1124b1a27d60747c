package io.leadpipe.streams.runtime;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A per-task counter of a processor (what it dropped, removed, ignored): a rate and a total under
 * {@code stream-<scope>-metrics}, tagged with the task and any further tags, so every app's
 * counters are named and exported alike ({@code kafka_stream_<scope>_<metric>_total}).
 */
public final class TaskCounter {

  private TaskCounter() {}

  /**
   * @param sensorName unique per task among the processor's sensors (the task id is appended)
   * @param tags further tag names and values, alternating
   */
  public static Sensor of(
      ProcessorContext<?, ?> context,
      String scope,
      String sensorName,
      String metric,
      String... tags) {
    List<String> all = new ArrayList<>(List.of(tags));
    all.add("task-id");
    all.add(context.taskId().toString());
    return context
        .metrics()
        .addRateTotalSensor(
            scope,
            sensorName + "-" + context.taskId(),
            metric,
            Sensor.RecordingLevel.INFO,
            all.toArray(String[]::new));
  }
}
