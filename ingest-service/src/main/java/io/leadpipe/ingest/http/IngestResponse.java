package io.leadpipe.ingest.http;

import io.leadpipe.service.problem.RejectedEvent;
import java.util.List;

/**
 * The success answer (Segment clients look at {@code success}): how many events Kafka acknowledged,
 * and in a batch each rejected event with its index and reasons.
 */
public record IngestResponse(boolean success, int accepted, List<RejectedEvent> rejected) {}
