package io.leadpipe.streams.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one Streams application does while the schema registry cannot answer: it stops processing
 * (the caller pauses it) and probes the registry with exponential backoff; the first answer resumes
 * it. A stream thread that hit the outage died without dead-lettering or skipping its record, so
 * the record is read again once processing resumes: nothing valid is dead-lettered, nothing lost.
 *
 * <p>Why pause instead of retrying inside the task: a task blocked on the registry holds its
 * transaction open (exactly_once_v2 aborts it after {@code transaction.timeout.ms}) and stops
 * polling (eviction after {@code max.poll.interval.ms}); Kafka Streams' own retry of a {@code
 * TimeoutException} ({@code task.timeout.ms}) exists only under at_least_once, under exactly-once
 * it marks the task corrupted instead. A paused application keeps polling, heartbeating and
 * committing, so it neither is evicted nor retries in a tight loop.
 */
final class RegistryOutage implements AutoCloseable {

  /** Pauses and resumes processing of the application. */
  interface Processing {
    void pause();

    void resume();
  }

  private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);

  private final String application;
  private final Runnable probe;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Clock clock;
  private final ScheduledExecutorService prober;
  private Processing processing;
  private Instant since;
  private Instant resumedAt;
  private Duration nextBackoff;

  /**
   * @param probe asks the registry something cheap; throws while it cannot answer
   */
  RegistryOutage(
      String application, Runnable probe, Duration firstBackoff, Duration maxBackoff, Clock clock) {
    this.application = application;
    this.probe = probe;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    this.nextBackoff = firstBackoff;
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, application + "-registry-probe");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A stream thread found the registry unavailable: pause {@code processing} until a probe
   * succeeds. Several threads may report the same outage; only the first starts probing.
   */
  synchronized void began(Processing processing) {
    if (since != null) {
      return;
    }
    this.processing = processing;
    since = clock.instant();
    // An outage right after the last one ended (a registry that answers the probe but not the
    // application's calls, e.g. refused credentials) keeps backing off instead of restarting
    // threads every first backoff.
    boolean recurring =
        resumedAt != null && Duration.between(resumedAt, since).compareTo(maxBackoff) < 0;
    nextBackoff = recurring ? min(nextBackoff.multipliedBy(2), maxBackoff) : firstBackoff;
    processing.pause();
    LOG.warn(
        "{}: schema registry unavailable; processing paused, probing again in {}",
        application,
        nextBackoff);
    schedule();
  }

  private void schedule() {
    if (!prober.isShutdown()) {
      prober.schedule(this::probeOnce, nextBackoff.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void probeOnce() {
    try {
      probe.run();
    } catch (RuntimeException e) {
      synchronized (this) {
        nextBackoff = min(nextBackoff.multipliedBy(2), maxBackoff);
        LOG.warn(
            "{}: schema registry still unavailable ({}); probing again in {}",
            application,
            e.getMessage(),
            nextBackoff);
        schedule();
      }
      return;
    }
    synchronized (this) {
      LOG.info(
          "{}: schema registry answers again after {}; resuming processing",
          application,
          Duration.between(since, clock.instant()));
      since = null;
      resumedAt = clock.instant();
      processing.resume();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** When the ongoing outage began; empty while the registry answers. */
  synchronized Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
