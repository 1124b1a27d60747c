package io.leadpipe.scoring.hesitation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link VisitorIntent} as JSON, for the intent store and its changelog. Internal state, not contract: unknown
 * fields are ignored so the state can gain fields across a rolling upgrade.
 */
final class IntentSerde implements Serde<VisitorIntent> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public Serializer<VisitorIntent> serializer() {
        return (topic, intent) -> {
            if (intent == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(intent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the intent of " + intent.visitorId, e);
            }
        };
    }

    @Override
    public Deserializer<VisitorIntent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, VisitorIntent.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a stored visitor intent", e);
            }
        };
    }
}
