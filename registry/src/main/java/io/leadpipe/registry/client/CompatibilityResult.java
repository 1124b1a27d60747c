package io.leadpipe.registry.client;

import java.util.List;

/**
 * The answer of a compatibility check; messages explain an incompatibility (Confluent's verbose
 * mode).
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
