package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** A dead letter names where the record was (topic, partition, offset), why it was rejected, and what it held. */
final class DeadLetters {

    /** Could not be decoded. */
    static final String UNDECODABLE = "deserialization-failed";
    /** Decoded, but not a valid input (e.g. names no visitor). */
    static final String INVALID = "invalid-event";
    /** Decoded, but applying it failed. */
    static final String PROCESSING_FAILED = "processing-failed";

    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata where, String source, long timestamp, String reason, String errorClass,
                         String message, byte[] original, Map<String, String> details) {
        return DeadLetter.newBuilder()
                .setApplication(ProspectTopology.APPLICATION)
                .setSource(source)
                .setTopic(where == null ? null : where.topic())
                .setPartition(where == null ? null : where.partition())
                .setOffset(where == null ? null : where.offset())
                .setReason(reason)
                .setErrorMessage(message)
                .setErrorClass(errorClass)
                .setFailedAt(Instant.ofEpochMilli(timestamp))
                .setOriginalValue(original == null ? null : ByteBuffer.wrap(original))
                .setDetails(details)
                .build();
    }
}
