package io.leadpipe.scoring.segment;

/**
 * A segment rule that cannot be accepted; the message is safe to return to the admin API caller.
 */
public class InvalidSegmentRuleException extends RuntimeException {
  public InvalidSegmentRuleException(String message) {
    super(message);
  }
}
