package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.identity.Hashing;
import io.leadpipe.scoring.profile.VisitorInput;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * input for an erased id (privacy-suppression-store holds the SHA-256 of every erased id) → dropped and counted
 * (metric {@code suppressed-total}), never dead-lettered: a dead letter would keep the personal data erased.
 */
final class Suppressor implements Processor<String, VisitorInput, String, VisitorInput> {

    static final String METRIC_SCOPE = "leadpipe-privacy";
    static final String METRIC = "suppressed";

    private final String stage;
    private ProcessorContext<String, VisitorInput> context;
    private KeyValueStore<String, Long> suppressed;
    private Sensor dropped;

    /** @param stage the input stage it guards (a metric tag) */
    Suppressor(String stage) {
        this.stage = stage;
    }

    @Override
    public void init(ProcessorContext<String, VisitorInput> context) {
        this.context = context;
        this.suppressed = context.getStateStore(ProspectTopology.SUPPRESSION_STORE);
        this.dropped = context.metrics().addRateTotalSensor(METRIC_SCOPE, stage + "-" + context.taskId(), METRIC,
                Sensor.RecordingLevel.INFO, "stage", stage, "task-id", context.taskId().toString());
    }

    @Override
    public void process(Record<String, VisitorInput> record) {
        if (suppressed.get(Hashing.sha256(record.key())) != null) {
            dropped.record();
            return;
        }
        context.forward(record);
    }

    @Override
    public void close() {
        context.metrics().removeSensor(dropped);
    }
}
