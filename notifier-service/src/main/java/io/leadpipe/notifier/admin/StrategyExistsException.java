package io.leadpipe.notifier.admin;

/** A create for an id that exists: 409 (update it with PUT instead). */
public class StrategyExistsException extends RuntimeException {
  public StrategyExistsException(String strategyId) {
    super("strategy " + strategyId + " exists; change it with PUT /admin/strategies/" + strategyId);
  }
}
