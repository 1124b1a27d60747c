package io.leadpipe.service.problem;

/**
 * One thing wrong with an input, located by its field path inside the event, e.g.
 * {@code properties.products[2].price}.
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
