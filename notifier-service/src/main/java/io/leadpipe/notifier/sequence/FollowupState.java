package io.leadpipe.notifier.sequence;

import io.leadpipe.notifier.policy.ContactHistory;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.List;

/**
 * One visitor's follow-up state, immutable: the running sequence (if any) and the contact history
 * that outlives sequences (cooldown, frequency cap, attribution).
 *
 * @param running the sequence in progress, null when none is
 * @param lastSentAt when the last follow-up was SENT, null if never
 * @param sentAt sends still counted by the frequency cap
 * @param lastSend the last SENT follow-up, null if never
 * @param lastHesitationId the hesitation whose sequence last ran (sent, cancelled or completed): a
 *     re-delivered detection of it starts nothing
 */
public record FollowupState(
    Running running,
    Instant lastSentAt,
    List<Instant> sentAt,
    LastSend lastSend,
    String lastHesitationId) {

  /** A visitor never followed up. */
  public static final FollowupState NONE = new FollowupState(null, null, List.of(), null, null);

  public FollowupState {
    sentAt = List.copyOf(sentAt);
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

  /**
   * The last SENT follow-up, as a purchase is attributed to it.
   *
   * @param triggerId null once a purchase was attributed to it: one send is credited once
   * @param strategy the strategy it was sent under; null before strategies existed
   */
  public record LastSend(
      String triggerId,
      int step,
      FollowupPlay play,
      HesitationReason reason,
      String channel,
      SequencePlan.StrategyRef strategy) {

    public LastSend(
        String triggerId, int step, FollowupPlay play, HesitationReason reason, String channel) {
      this(triggerId, step, play, reason, channel, null);
    }
  }

  public boolean active() {
    return running != null;
  }

  /** What the policy's cooldown and frequency cap look at. */
  public ContactHistory history() {
    return new ContactHistory(lastSentAt, sentAt);
  }

  FollowupState withRunning(Running r) {
    return new FollowupState(r, lastSentAt, sentAt, lastSend, lastHesitationId);
  }

  /**
   * The sequence is over: nothing pending, and a re-delivered detection of it must not start it
   * again.
   */
  FollowupState ended() {
    return new FollowupState(null, lastSentAt, sentAt, lastSend, running.hesitationId());
  }

  /** Held out of a strategy: nothing runs, and a re-delivered detection of it starts nothing. */
  FollowupState heldOut(String hesitationId) {
    return new FollowupState(null, lastSentAt, sentAt, lastSend, hesitationId);
  }

  FollowupState withLastSend(LastSend s) {
    return new FollowupState(running, lastSentAt, sentAt, s, lastHesitationId);
  }

  FollowupState sent(Instant at, List<Instant> stillCounted, LastSend s) {
    return new FollowupState(running, at, stillCounted, s, running.hesitationId());
  }
}
