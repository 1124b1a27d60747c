package io.leadpipe.service.problem;

/**
 * One thing wrong with an input, located by its field path, e.g. {@code
 * properties.products[2].price} in an event or {@code rule.all[1].attr} in a segment definition.
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
