package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.scoring.profile.VisitorInput;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bytes → the topic's event, or a dead letter (topic, partition, offset, exception, original bytes) when it
 * cannot be decoded or names no visitor. One bad record must not stop the stream, so we decode ourselves.
 */
final class SafeDeserializer<T extends SpecificRecord> implements Processor<String, byte[], String, Decoded<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(SafeDeserializer.class);

    private final Topic<T> topic;
    private final Deserializer<T> deserializer;
    private final Function<T, VisitorInput> toInput;
    private ProcessorContext<String, Decoded<T>> context;

    SafeDeserializer(Topic<T> topic, Map<String, ?> registryConfig, Function<T, VisitorInput> toInput) {
        this.topic = topic;
        this.deserializer = topic.valueSerde(registryConfig).deserializer();
        this.toInput = toInput;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic.name(), record.value());
        } catch (RuntimeException e) {
            reject(record, DeadLetters.UNDECODABLE, e.getClass().getName(), String.valueOf(e.getMessage()));
            return;
        }
        // A well-formed record of another registered schema decodes to that schema's class, not the topic's.
        if (decoded != null && !topic.valueType().isInstance(decoded)) {
            reject(record, DeadLetters.UNDECODABLE, ClassCastException.class.getName(), "record of schema "
                    + decoded.getClass().getName() + ", expected " + topic.valueType().getName());
            return;
        }
        T event = topic.valueType().cast(decoded);
        VisitorInput input = event == null ? null : toInput.apply(event);
        if (input == null || input.canonicalVisitorId() == null || input.canonicalVisitorId().isEmpty()) {
            reject(record, DeadLetters.INVALID, null, "record names no visitor (no userId or anonymousId)");
            return;
        }
        context.forward(record.withValue(new Decoded<>(event, input, null)));
    }

    private void reject(Record<String, byte[]> record, String reason, String errorClass, String message) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        LOG.warn("Dead-lettering record from {}-{}@{}: {} {}", meta == null ? "?" : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), reason, message);
        DeadLetter dl = DeadLetters.of(meta, topic.name(), record.timestamp(), reason, errorClass, message,
                record.value(), Map.of());
        context.forward(record.withValue(new Decoded<>(null, null, dl)));
    }
}
