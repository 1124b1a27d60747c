package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.ingest.producer.*}: how long a request may wait for Kafka, and the worker pool
 * that keeps the Netty event loop free of Kafka calls.
 *
 * @param deliveryTimeout upper bound from send to acknowledgement; after it the request gets 503
 * @param requestTimeout one produce request to the broker (must be below deliveryTimeout)
 * @param maxBlock how long send() may wait for metadata or buffer space
 * @param linger batching delay; small, since every HTTP request waits for its records
 * @param retryAfter what a 503 answer tells clients to wait
 * @param workerThreads threads that parse, map and hand records to the producer
 * @param workerQueue requests waiting for a worker; beyond it requests get 503 at once
 * @param closeTimeout how long shutdown waits for records still in flight
 */
@ConfigurationProperties("leadpipe.ingest.producer")
public record ProducerSettings(
    @Bindable(defaultValue = "10s") Duration deliveryTimeout,
    @Bindable(defaultValue = "5s") Duration requestTimeout,
    @Bindable(defaultValue = "2s") Duration maxBlock,
    @Bindable(defaultValue = "2ms") Duration linger,
    @Bindable(defaultValue = "5s") Duration retryAfter,
    @Bindable(defaultValue = "4") int workerThreads,
    @Bindable(defaultValue = "2000") int workerQueue,
    @Bindable(defaultValue = "10s") Duration closeTimeout) {}
