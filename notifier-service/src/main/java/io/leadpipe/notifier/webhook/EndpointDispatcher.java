package io.leadpipe.notifier.webhook;

import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.net.OutboundAddresses;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.leadpipe.webhook.WebhookSigner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: each endpoint reads leadpipe.followup-triggers in its own consumer group and never blocks
 * its poll loop on a receiver. Each visitor's triggers form a line delivered in order; lines run in
 * parallel, at most {@code concurrency} requests at once. A failed attempt parks its line until the
 * schedule's next retry (a timer, not a thread), so other visitors go on. The committed offset of a
 * partition is its oldest trigger not yet delivered or dead-lettered: what is parked stays durably
 * in Kafka and is delivered again after a restart (at least once; receivers dedupe on {@code
 * webhook-id}). A partition with {@code max-pending} unfinished triggers is paused until they
 * drain, so memory stays bounded and the backlog waits in Kafka; polling goes on, so the group
 * never evicts the dispatcher. A 410 Gone disables the endpoint, durably: the mark is stored in the
 * group's committed offsets, and only an admin call re-enables it.
 */
public final class EndpointDispatcher implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointDispatcher.class);

  /** The retry schedule was used up. */
  public static final String DEAD_LETTER_REASON = "webhook-delivery-failed";

  /** The receiver refused the delivery with a status that retrying does not change. */
  public static final String REFUSED_REASON = "webhook-refused";

  /** Every dead letter of an endpoint's dispatcher has source {@code webhook:<endpoint>}. */
  public static final String SOURCE_PREFIX = "webhook:";

  /** Committed-offset metadata marking an endpoint disabled: {@code <mark><since>;<reason>}. */
  static final String DISABLED_MARK = "webhook-disabled;";

  static final String APPLICATION = "notifier-service";

  /** Long enough to batch, short enough that completions and admin calls are acted on quickly. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** How often finished offsets are committed: what a restart redelivers at most beyond parking. */
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** How long a partition waits when the schema registry cannot decode its next record yet. */
  private static final Duration REGISTRY_RETRY = Duration.ofSeconds(5);

  /** How long before a dead letter or delivery record the broker did not take is sent again. */
  private static final Duration STORE_RETRY = Duration.ofSeconds(5);

  /** What became of one attempt (metrics, tests). */
  public enum Fate {
    DELIVERED,
    RETRY_SCHEDULED,
    DEAD_LETTERED,
    ENDPOINT_DISABLED
  }

  /** One attempt's outcome; {@code lastStatus} 0 = no HTTP answer. */
  public record Outcome(
      String triggerId, int attempts, int lastStatus, String lastError, Fate fate) {
    public boolean delivered() {
      return fate == Fate.DELIVERED;
    }
  }

  /** Told about each attempt's outcome (metrics). Runs on the poll thread: must be quick. */
  @FunctionalInterface
  public interface DeliveryListener {
    void onOutcome(String endpoint, Outcome outcome);
  }

  private record Answer(int status, String retryAfter, String error) {}

  /** A trigger taken from Kafka (partition set) or replayed by an admin (partition null). */
  private static final class Pending {
    final TopicPartition partition;
    final long offset;
    final String key;
    final String triggerId;
    final String body;

    /** What its delivery record names. */
    final DeliveryReport report;

    int attempts;
    int lastStatus;
    String lastError;
    boolean cancelled;

    Pending(
        TopicPartition partition,
        long offset,
        String key,
        String triggerId,
        String body,
        DeliveryReport report) {
      this.partition = partition;
      this.report = report;
      this.offset = offset;
      this.key = key;
      this.triggerId = triggerId;
      this.body = body;
    }
  }

  /** One visitor's triggers, in order; only the head is ever attempted. */
  private static final class Line {
    final String key;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /** An attempt, a wait or a dead letter is under way for the head. */
    boolean busy;

    Line(String key) {
      this.key = key;
    }
  }

  /** A partition's unfinished offsets. */
  private static final class Progress {
    final TreeSet<Long> open = new TreeSet<>();
    Instant registryRetryAt;
  }

  private final WebhookEndpoint endpoint;
  private final String topic;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, DeadLetter> deadLetters;
  private final Producer<String, FollowupDelivery> deliveries;
  private final Deserializer<?> triggers;
  private final WebhookSender sender;
  private final WebhookSigner signer;
  private final OutboundAddresses.Resolver resolver;
  private final Clock clock;
  private final DeliveryListener listener;
  private final EndpointStatus status;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean polling = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();

  // Poll-thread state only.
  private final Map<String, Line> lines = new HashMap<>();
  private final ArrayDeque<Line> ready = new ArrayDeque<>();
  private final Map<TopicPartition, Progress> progress = new HashMap<>();
  private int inFlight;
  private int pending;
  private Instant holdUntil = Instant.MIN;
  private Instant lastCommit = Instant.MIN;
  private boolean dirty;

  /**
   * @param topic where the triggers are read: {@code leadpipe.followup-triggers}, or a test's own
   */
  public EndpointDispatcher(
      WebhookEndpoint endpoint,
      String topic,
      Consumer<String, byte[]> consumer,
      Producer<String, DeadLetter> deadLetters,
      Producer<String, FollowupDelivery> deliveries,
      Deserializer<?> triggers,
      WebhookSender sender,
      OutboundAddresses.Resolver resolver,
      Clock clock,
      DeliveryListener listener) {
    this.endpoint = endpoint;
    this.topic = topic;
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.deliveries = deliveries;
    this.triggers = triggers;
    this.sender = sender;
    this.signer = new WebhookSigner(endpoint.secrets(), clock);
    this.resolver = resolver;
    this.clock = clock;
    this.listener = listener;
    this.status = new EndpointStatus(endpoint.name());
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, endpoint.concurrency()), daemon("webhook-" + endpoint.name()));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(daemon("webhook-timer-" + endpoint.name()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The consumer group of an endpoint: its own, so its offsets and lag never depend on another
   * endpoint.
   */
  public static String groupId(String applicationId, WebhookEndpoint endpoint) {
    return applicationId + "-webhook-" + endpoint.name();
  }

  public WebhookEndpoint endpoint() {
    return endpoint;
  }

  public EndpointStatus status() {
    return status;
  }

  /** Re-enables a disabled endpoint (admin); durable once the dispatcher has committed it. */
  public void enable() {
    post(this::enableNow);
  }

  /**
   * Delivers a dead-lettered trigger again, on its own line (admin). Not durable: if the process
   * stops first, the dead letter is still there to replay again.
   */
  public void replay(String key, String triggerId, String body) {
    post(
        () -> {
          pending++;
          enqueue(
              new Pending(
                  null,
                  -1,
                  "replay:" + key,
                  triggerId,
                  body,
                  DeliveryReport.ofBody(key, triggerId, body)));
        });
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic), new Rebalance());
    try {
      while (running.get()) {
        try {
          step();
        } catch (WakeupException e) {
          // A completion or an admin call woke the poll: its event runs next.
        } catch (RuntimeException e) {
          LOG.error("webhook {}: dispatch step failed; going on", endpoint.name(), e);
        }
      }
      commitNow();
    } finally {
      consumer.close();
      workers.shutdownNow();
      timers.shutdownNow();
    }
  }

  private void step() {
    Runnable event;
    while ((event = events.poll()) != null) {
      event.run();
    }
    startReady();
    Instant now = clock.instant();
    if (dirty && !now.isBefore(lastCommit.plus(COMMIT_INTERVAL))) {
      Map<TopicPartition, OffsetAndMetadata> finished = offsets(consumer.assignment());
      dirty = false;
      lastCommit = now;
      consumer.commitAsync(
          finished,
          (committed, e) -> {
            if (e != null) {
              dirty = true;
              LOG.warn("webhook {}: commit failed, retried: {}", endpoint.name(), e.toString());
            }
          });
    }
    adjustPauses(now);
    status.pending(pending);
    status.inFlight(inFlight);
    ConsumerRecords<String, byte[]> records;
    polling.set(true);
    try {
      records = events.isEmpty() ? consumer.poll(POLL_TIMEOUT) : consumer.poll(Duration.ZERO);
    } finally {
      polling.set(false);
    }
    for (TopicPartition tp : records.partitions()) {
      Progress pr = progress.computeIfAbsent(tp, k -> new Progress());
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        if (pr.open.size() >= endpoint.maxPending()) {
          // Full: the rest of this poll is fetched again once the partition resumes.
          consumer.seek(tp, r.offset());
          break;
        }
        if (!accept(tp, pr, r)) {
          break;
        }
      }
    }
  }

  /** False when the partition was rewound to {@code r} to try again later. */
  private boolean accept(TopicPartition tp, Progress pr, ConsumerRecord<String, byte[]> r) {
    Object decoded;
    try {
      decoded = r.value() == null ? null : triggers.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      if (registryUnavailable(e)) {
        // A valid trigger must not be dead-lettered because the registry is down: wait for it.
        LOG.warn(
            "webhook {}: schema registry unavailable at {}-{}@{}; retrying in {}",
            endpoint.name(),
            tp.topic(),
            tp.partition(),
            r.offset(),
            REGISTRY_RETRY);
        consumer.seek(tp, r.offset());
        pr.registryRetryAt = clock.instant().plus(REGISTRY_RETRY);
        consumer.pause(List.of(tp));
        return false;
      }
      poison(tp, pr, r, DeadLetters.UNDECODABLE, e.getClass().getName(), e.getMessage());
      return true;
    }
    if (decoded == null) {
      poison(
          tp,
          pr,
          r,
          DeadLetters.INVALID,
          IllegalArgumentException.class.getName(),
          "empty record (no value)");
      return true;
    }
    if (!(decoded instanceof FollowupTrigger trigger)) {
      poison(
          tp,
          pr,
          r,
          DeadLetters.UNDECODABLE,
          ClassCastException.class.getName(),
          "record of schema "
              + decoded.getClass().getName()
              + ", expected "
              + FollowupTrigger.class.getName());
      return true;
    }
    pr.open.add(r.offset());
    pending++;
    String key = r.key() != null ? r.key() : String.valueOf(trigger.getVisitorId());
    enqueue(
        new Pending(
            tp,
            r.offset(),
            key,
            trigger.getTriggerId(),
            WebhookPayload.toJson(trigger),
            DeliveryReport.of(trigger)));
    return true;
  }

  /** Registry down or failing (no answer, 5xx): a condition that passes, not a bad record. */
  static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException s
          && (s.status() == SchemaRegistryException.NO_HTTP_STATUS || s.status() >= 500)) {
        return true;
      }
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private void poison(
      TopicPartition tp,
      Progress pr,
      ConsumerRecord<String, byte[]> r,
      String reason,
      String errorClass,
      String message) {
    LOG.warn(
        "webhook {}: dead-lettering a record from {}-{}@{}: {} ({})",
        endpoint.name(),
        tp.topic(),
        tp.partition(),
        r.offset(),
        reason,
        message);
    pr.open.add(r.offset());
    pending++;
    Pending p = new Pending(tp, r.offset(), r.key(), null, null, null);
    DeadLetter dl =
        DeadLetter.newBuilder()
            .setApplication(APPLICATION)
            .setSource(SOURCE_PREFIX + endpoint.name())
            .setTopic(r.topic())
            .setPartition(r.partition())
            .setOffset(r.offset())
            .setReason(reason)
            .setErrorClass(errorClass)
            .setErrorMessage(String.valueOf(message))
            .setFailedAt(clock.instant())
            .setOriginalValue(r.value() == null ? null : ByteBuffer.wrap(r.value()))
            .setDetails(Map.of("stage", "webhook-dispatcher", "endpoint", endpoint.name()))
            .build();
    // Poison is no follow-up: a dead letter, no delivery record.
    store(deadLetters, Topics.DEAD_LETTERS.name(), r.key(), dl, "dead letter", () -> close(p));
  }

  private void enqueue(Pending p) {
    Line line = lines.computeIfAbsent(p.key, Line::new);
    line.queue.addLast(p);
    if (!line.busy && line.queue.size() == 1) {
      ready.addLast(line);
    }
  }

  private void startReady() {
    Instant now = clock.instant();
    while (status.disabled() == null
        && inFlight < endpoint.concurrency()
        && !now.isBefore(holdUntil)
        && !ready.isEmpty()) {
      Line line = ready.pollFirst();
      Pending p = line.queue.peekFirst();
      if (p == null || p.cancelled || line.busy) {
        continue;
      }
      attempt(line, p);
    }
  }

  private void attempt(Line line, Pending p) {
    line.busy = true;
    inFlight++;
    p.attempts++;
    // Signed per attempt: a fresh timestamp keeps late retries inside the receiver's tolerance.
    Map<String, String> headers = signer.headers(p.triggerId, p.body);
    workers.execute(
        () -> {
          Answer answer = send(p, headers);
          post(() -> onAnswer(line, p, answer));
        });
  }

  /** On a worker thread: the address check (DNS may have changed since start-up), then the POST. */
  private Answer send(Pending p, Map<String, String> headers) {
    Optional<OutboundAddresses.Refusal> refusal =
        OutboundAddresses.refusal(endpoint.url(), endpoint.allowPrivateNetwork(), resolver);
    if (refusal.isPresent()) {
      return new Answer(Verdict.NO_RESPONSE, null, "address refused: " + refusal.get().reason());
    }
    try {
      WebhookSender.Response r =
          sender.post(endpoint.url(), p.body, headers, endpoint.requestTimeout());
      return new Answer(
          r.status(), r.retryAfter(), r.status() / 100 == 2 ? null : "HTTP " + r.status());
    } catch (IOException | RuntimeException e) {
      return new Answer(
          Verdict.NO_RESPONSE, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(Verdict.NO_RESPONSE, null, "interrupted");
    }
  }

  private void onAnswer(Line line, Pending p, Answer answer) {
    inFlight--;
    if (p.cancelled) {
      return; // its partition moved away meanwhile: the new owner delivers it again
    }
    p.lastStatus = answer.status();
    p.lastError = answer.error();
    switch (Verdict.of(answer.status())) {
      case DELIVERED -> {
        status.countDelivered();
        report(p, Fate.DELIVERED);
        // Finished (its offset committable) only once the delivery is on record.
        recordDelivery(p, DeliveryOutcome.DELIVERED, () -> finish(line, p));
      }
      case GONE -> {
        // Not held against the trigger: it is delivered afresh once the endpoint is re-enabled.
        p.attempts--;
        line.busy = false;
        ready.addFirst(line);
        report(p, Fate.ENDPOINT_DISABLED);
        disable("HTTP 410 Gone for trigger " + p.triggerId);
      }
      case REFUSED -> deadLetter(line, p, REFUSED_REASON);
      case RETRY -> scheduleRetry(line, p, answer);
    }
  }

  private void scheduleRetry(Line line, Pending p, Answer answer) {
    Optional<Duration> next = endpoint.retrySchedule().after(p.attempts);
    if (next.isEmpty()) {
      deadLetter(line, p, DEAD_LETTER_REASON);
      return;
    }
    Instant now = clock.instant();
    Duration wait = next.get();
    Optional<Duration> asked =
        RetryAfter.parse(answer.retryAfter(), now)
            .map(d -> d.compareTo(endpoint.maxRetryAfter()) > 0 ? endpoint.maxRetryAfter() : d);
    if (asked.isPresent()) {
      if (asked.get().compareTo(wait) > 0) {
        wait = asked.get();
      }
      if (answer.status() == 429 && now.plus(asked.get()).isAfter(holdUntil)) {
        // Too many requests: the receiver asks the whole endpoint to slow down, not one visitor.
        holdUntil = now.plus(asked.get());
      }
    }
    LOG.info(
        "webhook {} attempt {} for {} failed ({}); retrying in {}",
        endpoint.name(),
        p.attempts,
        p.triggerId,
        p.lastError,
        wait);
    status.countRetried();
    report(p, Fate.RETRY_SCHEDULED);
    later(
        wait,
        () -> {
          if (!p.cancelled) {
            line.busy = false;
            ready.addLast(line);
          }
        });
  }

  private void deadLetter(Line line, Pending p, String reason) {
    LOG.warn(
        "webhook {}: {} dead-lettered after {} attempts ({})",
        endpoint.name(),
        p.triggerId,
        p.attempts,
        p.lastError);
    Map<String, String> details = new HashMap<>();
    details.put("endpoint", endpoint.name());
    details.put("triggerId", p.triggerId);
    details.put("attempts", Integer.toString(p.attempts));
    details.put("lastStatus", Integer.toString(p.lastStatus));
    DeadLetter.Builder dl =
        DeadLetter.newBuilder()
            .setApplication(APPLICATION)
            .setSource(SOURCE_PREFIX + endpoint.name())
            .setReason(reason)
            .setErrorMessage(p.lastError == null ? "undelivered" : p.lastError)
            .setFailedAt(clock.instant())
            .setOriginalValue(ByteBuffer.wrap(p.body.getBytes(StandardCharsets.UTF_8)))
            .setDetails(details);
    if (p.partition != null) {
      dl.setTopic(p.partition.topic()).setPartition(p.partition.partition()).setOffset(p.offset);
    }
    String key = p.partition == null ? p.key.substring("replay:".length()) : p.key;
    store(
        deadLetters,
        Topics.DEAD_LETTERS.name(),
        key,
        dl.build(),
        "dead letter",
        () ->
            recordDelivery(
                p,
                DeliveryOutcome.FAILED,
                () -> {
                  status.countDeadLettered();
                  report(p, Fate.DEAD_LETTERED);
                  finish(line, p);
                }));
  }

  /** The trigger's final fate at this endpoint, on leadpipe.followup-deliveries. */
  private void recordDelivery(Pending p, DeliveryOutcome outcome, Runnable onStored) {
    FollowupDelivery d =
        p.report.record(
            endpoint.name(), outcome, p.attempts, p.lastStatus, p.lastError, clock.instant());
    store(
        deliveries,
        Topics.FOLLOWUP_DELIVERIES.name(),
        String.valueOf(d.getVisitorId()),
        d,
        "delivery record",
        onStored);
  }

  /**
   * Asynchronous; {@code onStored} runs on the poll thread once the broker has the record, so the
   * offset is finished only then: a crash before re-delivers the trigger rather than lose the
   * record (at least once; readers dedupe).
   */
  private <V> void store(
      Producer<String, V> producer,
      String topic,
      String key,
      V value,
      String what,
      Runnable onStored) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, e) -> {
          if (e == null) {
            post(onStored);
          } else {
            LOG.error(
                "webhook {}: a {} was not stored ({}); sending it again in {}",
                endpoint.name(),
                what,
                e.toString(),
                STORE_RETRY);
            later(STORE_RETRY, () -> store(producer, topic, key, value, what, onStored));
          }
        });
  }

  private void finish(Line line, Pending p) {
    if (p.cancelled) {
      return;
    }
    line.queue.remove(p);
    line.busy = false;
    close(p);
    if (line.queue.isEmpty()) {
      lines.remove(line.key, line);
    } else {
      ready.addLast(line);
    }
  }

  private void close(Pending p) {
    if (p.cancelled) {
      return;
    }
    pending--;
    if (p.partition != null) {
      Progress pr = progress.get(p.partition);
      if (pr != null) {
        pr.open.remove(p.offset);
        dirty = true;
      }
    }
  }

  private void report(Pending p, Fate fate) {
    listener.onOutcome(
        endpoint.name(), new Outcome(p.triggerId, p.attempts, p.lastStatus, p.lastError, fate));
  }

  private void disable(String reason) {
    if (status.disabled() != null) {
      return;
    }
    status.disabled(new EndpointStatus.Disabled(clock.instant(), reason));
    LOG.warn(
        "webhook {} disabled: {}; re-enable with POST /admin/webhooks/{}/enable",
        endpoint.name(),
        reason,
        endpoint.name());
    consumer.pause(consumer.assignment());
    commitNow();
  }

  private void enableNow() {
    if (status.disabled() == null) {
      return;
    }
    status.disabled(null);
    LOG.info("webhook {} re-enabled", endpoint.name());
    commitNow();
  }

  /** Commits progress and the disabled mark (or its absence) synchronously: it must be durable. */
  private void commitNow() {
    try {
      awake(() -> consumer.commitSync(offsets(consumer.assignment())));
      dirty = false;
    } catch (RuntimeException e) {
      dirty = true;
      LOG.warn("webhook {}: commit failed, retried: {}", endpoint.name(), e.toString());
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> offsets(Collection<TopicPartition> partitions) {
    EndpointStatus.Disabled d = status.disabled();
    String metadata = d == null ? "" : DISABLED_MARK + d.since() + ";" + d.reason();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Progress pr = progress.get(tp);
      long next = pr != null && !pr.open.isEmpty() ? pr.open.first() : consumer.position(tp);
      offsets.put(tp, new OffsetAndMetadata(next, metadata));
    }
    return offsets;
  }

  private void adjustPauses(Instant now) {
    Set<TopicPartition> paused = consumer.paused();
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      Progress pr = progress.computeIfAbsent(tp, k -> new Progress());
      if (pr.registryRetryAt != null && !now.isBefore(pr.registryRetryAt)) {
        pr.registryRetryAt = null;
      }
      boolean hold =
          status.disabled() != null
              || pr.open.size() >= endpoint.maxPending()
              || pr.registryRetryAt != null;
      if (hold && !paused.contains(tp)) {
        pause.add(tp);
      } else if (!hold && paused.contains(tp)) {
        resume.add(tp);
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  /**
   * Runs a blocking consumer call that a wake-up meant for the poll (or for stopping) may
   * interrupt: the wake-up is used up by the first try, so the second goes through.
   */
  private void awake(Runnable call) {
    try {
      call.run();
    } catch (WakeupException e) {
      call.run();
    }
  }

  /** Runs {@code task} on the poll thread. */
  private void post(Runnable task) {
    events.add(task);
    if (polling.get()) {
      consumer.wakeup();
    }
  }

  private void later(Duration delay, Runnable task) {
    if (!running.get()) {
      return;
    }
    timers.schedule(() -> post(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Parked and in-flight triggers of partitions this instance no longer owns are let go. */
  private void drop(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    for (Iterator<Line> it = lines.values().iterator(); it.hasNext(); ) {
      Line line = it.next();
      Pending head = line.queue.peekFirst();
      if (head != null && head.partition != null && gone.contains(head.partition)) {
        for (Pending p : line.queue) {
          p.cancelled = true;
          pending--;
        }
        line.queue.clear();
        it.remove();
      }
    }
    gone.forEach(progress::remove);
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        awake(() -> consumer.commitSync(offsets(partitions)));
      } catch (RuntimeException e) {
        LOG.warn("webhook {}: commit on revocation failed: {}", endpoint.name(), e.toString());
      }
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      status.countAssignment();
      partitions.forEach(tp -> progress.putIfAbsent(tp, new Progress()));
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
      awake(() -> committed.putAll(consumer.committed(new HashSet<>(partitions))));
      for (OffsetAndMetadata c : committed.values()) {
        if (c != null && c.metadata() != null && c.metadata().startsWith(DISABLED_MARK)) {
          String[] parts = c.metadata().substring(DISABLED_MARK.length()).split(";", 2);
          if (status.disabled() == null) {
            status.disabled(
                new EndpointStatus.Disabled(
                    Instant.parse(parts[0]), parts.length > 1 ? parts[1] : "disabled"));
            LOG.warn(
                "webhook {} is disabled since {} ({}); re-enable with POST"
                    + " /admin/webhooks/{}/enable",
                endpoint.name(),
                parts[0],
                parts.length > 1 ? parts[1] : "",
                endpoint.name());
          }
        }
      }
      if (status.disabled() != null) {
        consumer.pause(partitions);
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
