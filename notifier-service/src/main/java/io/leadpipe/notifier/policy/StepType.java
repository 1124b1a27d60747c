package io.leadpipe.notifier.policy;

/**
 * What a sequence step sends: a plain reminder, the play for the likely reason, or the "why?"
 * survey.
 */
public enum StepType {
  REMINDER,
  REASON_PLAY,
  SURVEY
}
