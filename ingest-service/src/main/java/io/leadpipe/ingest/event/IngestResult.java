package io.leadpipe.ingest.event;

import java.util.List;

/** What a request achieved: events acknowledged by Kafka, and the rejected ones of a batch. */
public record IngestResult(int accepted, List<MappedEvent.Rejected> rejected) {}
