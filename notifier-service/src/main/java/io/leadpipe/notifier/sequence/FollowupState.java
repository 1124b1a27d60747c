package io.leadpipe.notifier.sequence;

import io.leadpipe.notifier.policy.ContactHistory;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One visitor's follow-up state, immutable: the running sequence (if any) and the contact history
 * that outlives sequences (cooldown, frequency cap, attribution).
 *
 * @param running the sequence in progress, null when none is
 * @param lastSentAt when the last follow-up was SENT, null if never
 * @param sentAt sends still counted by the frequency cap
 * @param sends the SENT follow-ups a purchase may still be attributed to, oldest first, with what
 *     became of them at the webhook endpoints
 * @param lastHesitationId the hesitation whose sequence last ran (sent, cancelled or completed): a
 *     re-delivered detection of it starts nothing
 * @param awaiting purchases waiting for the delivery outcome of a follow-up sent before them,
 *     oldest first
 */
public record FollowupState(
    Running running,
    Instant lastSentAt,
    List<Instant> sentAt,
    List<SentFollowup> sends,
    String lastHesitationId,
    List<AwaitedPurchase> awaiting) {

  /** A visitor never followed up. */
  public static final FollowupState NONE =
      new FollowupState(null, null, List.of(), List.of(), null, List.of());

  public FollowupState {
    sentAt = List.copyOf(sentAt);
    sends = List.copyOf(sends);
    awaiting = List.copyOf(awaiting);
  }

  /**
   * A sequence in progress.
   *
   * @param reason the reason the next reason play addresses (a stated answer replaces the inferred
   *     one)
   * @param stepIndex the next step, 0-based
   * @param dueAt when the next step is due (at or after its delay from detection)
   * @param plan the strategy version and variant the sequence started with; null for a sequence
   *     started before strategies existed (it follows the configured sequence of its kind)
   */
  public record Running(
      String hesitationId,
      HesitationKind kind,
      HesitationReason reason,
      Instant detectedAt,
      Instant startedAt,
      int stepIndex,
      Instant dueAt,
      SequencePlan plan) {

    /** Without a plan: the configured sequence of its kind. */
    public Running(
        String hesitationId,
        HesitationKind kind,
        HesitationReason reason,
        Instant detectedAt,
        Instant startedAt,
        int stepIndex,
        Instant dueAt) {
      this(hesitationId, kind, reason, detectedAt, startedAt, stepIndex, dueAt, null);
    }

    Running withStep(int index, Instant due) {
      return new Running(hesitationId, kind, reason, detectedAt, startedAt, index, due, plan);
    }

    Running withReason(HesitationReason r) {
      return new Running(hesitationId, kind, r, detectedAt, startedAt, stepIndex, dueAt, plan);
    }
  }

  /** What the webhook endpoints reported of a SENT follow-up. */
  public enum Delivery {
    /** No outcome yet. */
    UNKNOWN,
    /** At least one endpoint answered 2xx: it reached the marketing system. */
    DELIVERED,
    /** Every configured endpoint gave up on it (refused, retries used up). */
    FAILED,
    /**
     * Sent before the notifier kept delivery outcomes (read from older state): credited as a SENT
     * follow-up was then, unless an outcome for it still arrives.
     */
    NOT_TRACKED
  }

  /**
   * A SENT follow-up, as a purchase is attributed to it.
   *
   * @param hesitationId the hesitation it followed up; null in state written before it was kept
   * @param strategy the strategy it was sent under; null before strategies existed
   * @param deliveredAt the first DELIVERED report's time; null while not delivered
   * @param failedAt the endpoints that reported FAILED
   * @param credited a purchase was attributed to it: one send is credited once
   */
  public record SentFollowup(
      String triggerId,
      String hesitationId,
      int step,
      FollowupPlay play,
      HesitationReason reason,
      String channel,
      SequencePlan.StrategyRef strategy,
      Instant sentAt,
      Delivery delivery,
      Instant deliveredAt,
      List<String> failedAt,
      boolean credited) {

    public SentFollowup {
      failedAt = failedAt == null ? List.of() : List.copyOf(failedAt);
      delivery = delivery == null ? Delivery.UNKNOWN : delivery;
    }

    /** Just sent: no outcome yet. */
    public static SentFollowup sent(
        String triggerId,
        String hesitationId,
        int step,
        FollowupPlay play,
        HesitationReason reason,
        String channel,
        SequencePlan.StrategyRef strategy,
        Instant at) {
      return new SentFollowup(
          triggerId,
          hesitationId,
          step,
          play,
          reason,
          channel,
          strategy,
          at,
          Delivery.UNKNOWN,
          null,
          List.of(),
          false);
    }

    SentFollowup delivered(Instant at) {
      return with(
          Delivery.DELIVERED,
          deliveredAt == null || at.isBefore(deliveredAt) ? at : deliveredAt,
          failedAt,
          credited);
    }

    /** FAILED once every one of {@code endpoints} failed and none delivered it. */
    SentFollowup failedAt(String endpoint, Collection<String> endpoints) {
      List<String> failed = new ArrayList<>(failedAt);
      if (!failed.contains(endpoint)) {
        failed.add(endpoint);
      }
      Delivery d =
          delivery == Delivery.DELIVERED || !failed.containsAll(endpoints)
              ? delivery
              : Delivery.FAILED;
      return with(d, deliveredAt, failed, credited);
    }

    SentFollowup credit() {
      return with(delivery, deliveredAt, failedAt, true);
    }

    private SentFollowup with(
        Delivery d, Instant deliveredAt, List<String> failedAt, boolean credited) {
      return new SentFollowup(
          triggerId,
          hesitationId,
          step,
          play,
          reason,
          channel,
          strategy,
          sentAt,
          d,
          deliveredAt,
          failedAt,
          credited);
    }
  }

  /**
   * A purchase waiting for the delivery outcome of a follow-up sent before it.
   *
   * @param until when it stops waiting and is attributed with what is known then
   */
  public record AwaitedPurchase(String orderId, Double revenue, Instant at, Instant until) {}

  public boolean active() {
    return running != null;
  }

  /** What the policy's cooldown and frequency cap look at. */
  public ContactHistory history() {
    return new ContactHistory(lastSentAt, sentAt);
  }

  /** The earliest time an awaited purchase stops waiting; null when none waits. */
  public Instant awaitingUntil() {
    return awaiting.stream().map(AwaitedPurchase::until).min(Instant::compareTo).orElse(null);
  }

  FollowupState withRunning(Running r) {
    return new FollowupState(r, lastSentAt, sentAt, sends, lastHesitationId, awaiting);
  }

  /**
   * The sequence is over: nothing pending, and a re-delivered detection of it must not start it
   * again.
   */
  FollowupState ended() {
    return new FollowupState(null, lastSentAt, sentAt, sends, running.hesitationId(), awaiting);
  }

  /** Held out of a strategy: nothing runs, and a re-delivered detection of it starts nothing. */
  FollowupState heldOut(String hesitationId) {
    return new FollowupState(null, lastSentAt, sentAt, sends, hesitationId, awaiting);
  }

  FollowupState withAttribution(List<SentFollowup> s, List<AwaitedPurchase> a) {
    return new FollowupState(running, lastSentAt, sentAt, s, lastHesitationId, a);
  }

  FollowupState sent(Instant at, List<Instant> stillCounted, List<SentFollowup> s) {
    return new FollowupState(running, at, stillCounted, s, running.hesitationId(), awaiting);
  }
}
