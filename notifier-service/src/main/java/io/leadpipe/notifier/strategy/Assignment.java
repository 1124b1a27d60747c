package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.sequence.SequencePlan.StrategyRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Rule: a visitor's place in a strategy's experiment is a point u in [0,1) from a 64-bit hash of
 * (visitor id, strategy id) alone; u below the holdout share → holdout, else the variants by
 * cumulative weight, in variant id order. Deterministic and sticky: the same visitor gets the same
 * arm on every instance and after every edit that leaves the holdout share, the variant ids and
 * their weights alone (steps, audience, priority, guardrails, enabling and the version do not
 * count).
 */
public final class Assignment {

  /** 2^-53: the top 53 bits of the hash as a double in [0,1), every value exactly representable. */
  private static final double UNIT = 0x1.0p-53;

  private static final int DOUBLE_MANTISSA_SHIFT = Long.SIZE - 53;

  private Assignment() {}

  /**
   * The arm of the visitor: {@link StrategyRef#HOLDOUT}, a variant id, or {@link StrategyRef#BASE}.
   */
  public static String variantOf(String visitorId, Strategy strategy) {
    double u = unit(visitorId, strategy.strategyId());
    double holdout = strategy.holdoutShare();
    if (u < holdout) {
      return StrategyRef.HOLDOUT;
    }
    if (strategy.variants().isEmpty()) {
      return StrategyRef.BASE;
    }
    // Rescaled, the treated visitors' points are again uniform in [0,1).
    double v = (u - holdout) / (1 - holdout);
    double total = strategy.variants().stream().mapToDouble(Strategy.Variant::weight).sum();
    double cumulative = 0;
    for (Strategy.Variant variant : strategy.variants()) {
      cumulative += variant.weight() / total;
      if (v < cumulative) {
        return variant.variantId();
      }
    }
    // Rounding can leave the sum a hair below 1: the last variant takes that sliver.
    return strategy.variants().get(strategy.variants().size() - 1).variantId();
  }

  /** The reference the decisions carry. */
  public static StrategyRef of(String visitorId, Strategy strategy) {
    return new StrategyRef(
        strategy.strategyId(), strategy.version(), variantOf(visitorId, strategy));
  }

  /** The visitor's point in [0,1) for the strategy: SHA-256 of both ids, its first 64 bits. */
  static double unit(String visitorId, String strategyId) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    sha.update(strategyId.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0); // no id pair can collide with another by moving characters across
    sha.update(visitorId.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(sha.digest()).getLong();
    return (bits >>> DOUBLE_MANTISSA_SHIFT) * UNIT;
  }
}
