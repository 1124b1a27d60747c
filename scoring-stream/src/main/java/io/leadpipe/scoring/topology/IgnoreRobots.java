package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.streams.runtime.TaskCounter;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A web event ingest flagged as robot traffic ({@code context.device.bot}, set by its user-agent
 * parser) is dropped before it can create or change a profile: a crawler is nobody's prospect, and
 * every profile it made would be state kept for nothing. Dropped events are counted (metric {@code
 * robot-events-ignored-total} in group {@code stream-leadpipe-scoring-metrics}, tagged with the
 * task), so a sudden rise is visible; every other input passes unchanged.
 */
final class IgnoreRobots implements Processor<String, VisitorInput, String, VisitorInput> {

  public static final String METRIC_SCOPE = "leadpipe-scoring";
  public static final String METRIC = "robot-events-ignored";

  private ProcessorContext<String, VisitorInput> context;
  private Sensor ignored;

  @Override
  public void init(ProcessorContext<String, VisitorInput> context) {
    this.context = context;
    this.ignored = TaskCounter.of(context, METRIC_SCOPE, METRIC, METRIC);
  }

  @Override
  public void process(Record<String, VisitorInput> record) {
    if (record.value() instanceof VisitorInput.Web web && isRobot(web.event())) {
      ignored.record();
      return;
    }
    context.forward(record);
  }

  private static boolean isRobot(WebEvent e) {
    return e.getContext() != null
        && e.getContext().getDevice() != null
        && e.getContext().getDevice().getBot();
  }

  @Override
  public void close() {
    context.metrics().removeSensor(ignored);
  }
}
