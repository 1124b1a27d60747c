package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.sequence.FollowupState;
import io.leadpipe.notifier.sequence.SequencePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * One visitor's follow-up state: the active sequence (if any) with its next step and due time, and
 * the contact history that outlives sequences (caps, cooldown, attribution). Mutable, only touched
 * by its stream task. Stored by {@code StateSerde} field by field: fields are public for the serde,
 * and their names are the stored format.
 */
final class SequenceState {
  public String hesitationId; // null = no active sequence
  public String kind;
  public String reason;
  public long detectedAt;
  public long startedAt;
  public int stepIndex; // next step, 0-based
  public long dueAt;
  public long lastSentAt; // 0 = never
  public List<Long> sentAt = new ArrayList<>();
  // The last SENT follow-up, as state written before the sends were kept (and still written, so an
  // instance of that version reading it during a rolling upgrade attributes as it did).
  public String lastTriggerId; // null once attributed to a purchase
  public String lastHesitationId;
  public String lastPlay;
  public String lastReason;
  public int lastStep;
  public String lastChannel;
  // The strategy version and variant the running sequence follows (null: the configured sequence of
  // its kind, as for sequences started before strategies existed).
  public SequencePlan plan;
  // The strategy the last SENT follow-up was sent under (null: none).
  public String lastStrategyId;
  public int lastStrategyVersion;
  public String lastVariantId;
  // The sends a purchase may be attributed to, with their delivery outcomes (null: state written
  // before they were kept, read from the last* fields).
  public List<FollowupState.SentFollowup> sends;
  // Purchases waiting for a delivery outcome (null: none).
  public List<FollowupState.AwaitedPurchase> awaiting;

  boolean active() {
    return hesitationId != null;
  }

  void endSequence() {
    hesitationId = null;
    kind = null;
    reason = null;
    stepIndex = 0;
    dueAt = 0;
    plan = null;
  }
}
