package io.leadpipe.notifier.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * One visitor's follow-up state: the active sequence (if any) with its next step and due time, and the contact
 * history that outlives sequences (caps, cooldown, attribution). Mutable, only touched by its stream task.
 */
final class SequenceState {
  String hesitationId;     // null = no active sequence
  String kind;
  String reason;
  long detectedAt;
  long startedAt;
  int stepIndex;           // next step, 0-based
  long dueAt;
  long lastSentAt;         // 0 = never
  List<Long> sentAt = new ArrayList<>();
  String lastTriggerId;    // the last SENT follow-up not yet attributed to a purchase
  String lastHesitationId;
  String lastPlay;
  String lastReason;
  int lastStep;
  String lastChannel;

  boolean active() {
    return hesitationId != null;
  }

  void endSequence() {
    hesitationId = null;
    kind = null;
    reason = null;
    stepIndex = 0;
    dueAt = 0;
  }
}
