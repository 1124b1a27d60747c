package io.leadpipe.notifier.admin;

/** No strategy with this id: 404. */
public class StrategyNotFoundException extends RuntimeException {
  public StrategyNotFoundException(String strategyId) {
    super("no strategy " + strategyId);
  }
}
