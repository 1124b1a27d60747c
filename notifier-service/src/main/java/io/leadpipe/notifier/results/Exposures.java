package io.leadpipe.notifier.results;

import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rule: a visitor assigned to a strategy (treated arm or holdout) counts once for that strategy, in
 * the arm of their first assignment; a purchase within the attribution window after an assignment
 * converts them (intention to treat: whether or not anything reached them) and adds its revenue; a
 * follow-up of the strategy DELIVERED (webhook 2xx) makes them a delivered visitor, and only
 * purchases after that delivery count as delivered conversions. Each order counts once, however
 * often it is heard of; a holdout visitor is never delivered anything.
 *
 * <p>No Kafka: the visitor's exposures in, the new ones and the changes of their contribution to
 * each strategy's sums out ({@link Change}), which the caller publishes and sums per strategy.
 */
public final class Exposures {

  /**
   * At most this many orders are remembered per visitor and strategy (for dedupe and a late
   * delivery's recount); further orders in the same window still count, without dedupe, so a
   * runaway buyer cannot grow the state without bound.
   */
  public static final int MAX_ORDERS_PER_EXPOSURE = 100;

  private final Duration attributionWindow;

  public Exposures(Duration attributionWindow) {
    if (attributionWindow == null || attributionWindow.isNegative() || attributionWindow.isZero()) {
      throw new IllegalArgumentException(
          "attribution window must be positive: " + attributionWindow);
    }
    this.attributionWindow = attributionWindow;
  }

  public Duration attributionWindow() {
    return attributionWindow;
  }

  /** One purchase as counted: when, how much. */
  public record Order(String orderId, long atMillis, double revenue) {}

  /**
   * A visitor's exposure to one strategy.
   *
   * @param variantId the arm of the first assignment (a variant id, base, or holdout)
   * @param version the newest strategy version they were assigned under
   * @param reason the hesitation reason at the first assignment
   * @param segments the visitor's segments at the first assignment
   * @param assignedAtMillis the latest assignment: the attribution window runs from it
   * @param deliveredAtMillis the first delivery of one of its follow-ups; null while none
   * @param orders the orders counted, oldest first
   */
  public record Exposure(
      String strategyId,
      String variantId,
      Integer version,
      HesitationReason reason,
      List<String> segments,
      long assignedAtMillis,
      Long deliveredAtMillis,
      List<Order> orders) {
    public Exposure {
      segments = List.copyOf(segments);
      orders = List.copyOf(orders);
    }

    public boolean holdout() {
      return SequencePlan.StrategyRef.HOLDOUT.equals(variantId);
    }

    Contribution contribution() {
      double revenue = 0;
      double deliveredRevenue = 0;
      boolean deliveredConverted = false;
      for (Order o : orders) {
        revenue += o.revenue();
        if (deliveredAtMillis != null && o.atMillis() > deliveredAtMillis) {
          deliveredConverted = true;
          deliveredRevenue += o.revenue();
        }
      }
      boolean delivered = deliveredAtMillis != null;
      return new Contribution(
          1,
          orders.isEmpty() ? 0 : 1,
          revenue,
          delivered ? 1 : 0,
          deliveredConverted ? 1 : 0,
          delivered ? deliveredRevenue : 0);
    }
  }

  /** What a visitor adds to their arm's sums. */
  record Contribution(
      int assigned,
      int converted,
      double revenue,
      int delivered,
      int deliveredConverted,
      double deliveredRevenue) {
    static final Contribution NONE = new Contribution(0, 0, 0, 0, 0, 0);
  }

  /**
   * How one visitor's contribution to a strategy's arm changed: add it to the arm's sums (and the
   * arm's reason and segment cells). Squares change as new² − old², so the sums of squares stay
   * exact.
   */
  public record Change(
      String strategyId,
      Integer version,
      String variantId,
      HesitationReason reason,
      List<String> segments,
      int assigned,
      int converted,
      double revenue,
      double revenueSquares,
      int delivered,
      int deliveredConverted,
      double deliveredRevenue,
      double deliveredRevenueSquares) {

    static Optional<Change> between(Exposure before, Exposure after) {
      Contribution a = before == null ? Contribution.NONE : before.contribution();
      Contribution b = after.contribution();
      if (a.equals(b) && before != null && Objects.equals(before.version(), after.version())) {
        return Optional.empty();
      }
      return Optional.of(
          new Change(
              after.strategyId(),
              after.version(),
              after.variantId(),
              after.reason(),
              after.segments(),
              b.assigned() - a.assigned(),
              b.converted() - a.converted(),
              b.revenue() - a.revenue(),
              b.revenue() * b.revenue() - a.revenue() * a.revenue(),
              b.delivered() - a.delivered(),
              b.deliveredConverted() - a.deliveredConverted(),
              b.deliveredRevenue() - a.deliveredRevenue(),
              b.deliveredRevenue() * b.deliveredRevenue()
                  - a.deliveredRevenue() * a.deliveredRevenue()));
    }
  }

  /** The exposures after an input, and what changed. */
  public record Outcome(Map<String, Exposure> exposures, List<Change> changes) {
    public Outcome {
      exposures = Map.copyOf(exposures);
      changes = List.copyOf(changes);
    }
  }

  /**
   * Assigned to a strategy's arm: a new exposure counts the visitor; a later assignment keeps the
   * first arm (counted once, where first counted) and restarts the attribution window.
   */
  public Outcome onAssigned(
      Map<String, Exposure> exposures,
      String strategyId,
      int version,
      String variantId,
      HesitationReason reason,
      List<String> segments,
      Instant at) {
    Exposure before = exposures.get(strategyId);
    Exposure after =
        before == null
            ? new Exposure(
                strategyId,
                variantId,
                version,
                reason,
                segments,
                at.toEpochMilli(),
                null,
                List.of())
            : new Exposure(
                strategyId,
                before.variantId(),
                Math.max(version, before.version() == null ? version : before.version()),
                before.reason(),
                before.segments(),
                Math.max(at.toEpochMilli(), before.assignedAtMillis()),
                before.deliveredAtMillis(),
                before.orders());
    return with(exposures, before, after);
  }

  /**
   * A purchase: counted for every strategy whose window it falls in (at or after the latest
   * assignment, at most the window later), once per order.
   */
  public Outcome onPurchase(
      Map<String, Exposure> exposures, String orderId, Double revenue, Instant at) {
    long t = at.toEpochMilli();
    Map<String, Exposure> next = new HashMap<>(exposures);
    List<Change> changes = new ArrayList<>();
    for (Exposure e : exposures.values()) {
      if (t < e.assignedAtMillis()
          || t > e.assignedAtMillis() + attributionWindow.toMillis()
          || orderId != null && e.orders().stream().anyMatch(o -> orderId.equals(o.orderId()))) {
        continue;
      }
      List<Order> orders = new ArrayList<>(e.orders());
      if (orders.size() >= MAX_ORDERS_PER_EXPOSURE) {
        orders.remove(orders.size() - 1); // the newest makes room; its revenue is kept below
        Order last = e.orders().get(e.orders().size() - 1);
        orders.add(
            new Order(
                null,
                Math.max(t, last.atMillis()),
                last.revenue() + (revenue == null ? 0 : revenue)));
      } else {
        orders.add(new Order(orderId, t, revenue == null ? 0 : revenue));
      }
      Exposure after =
          new Exposure(
              e.strategyId(),
              e.variantId(),
              e.version(),
              e.reason(),
              e.segments(),
              e.assignedAtMillis(),
              e.deliveredAtMillis(),
              orders);
      next.put(e.strategyId(), after);
      Change.between(e, after).ifPresent(changes::add);
    }
    return new Outcome(next, changes);
  }

  /**
   * A follow-up of the strategy was DELIVERED: the earliest delivery counts (a redelivered or later
   * report changes nothing); purchases already counted after it become delivered conversions. A
   * delivery for a strategy the visitor is not exposed to, or in its holdout, changes nothing.
   */
  public Outcome onDelivered(Map<String, Exposure> exposures, String strategyId, Instant at) {
    Exposure e = strategyId == null ? null : exposures.get(strategyId);
    long t = at.toEpochMilli();
    if (e == null || e.holdout() || e.deliveredAtMillis() != null && e.deliveredAtMillis() <= t) {
      return new Outcome(exposures, List.of());
    }
    Exposure after =
        new Exposure(
            e.strategyId(),
            e.variantId(),
            e.version(),
            e.reason(),
            e.segments(),
            e.assignedAtMillis(),
            t,
            e.orders());
    return with(exposures, e, after);
  }

  private static Outcome with(Map<String, Exposure> exposures, Exposure before, Exposure after) {
    Map<String, Exposure> next = new HashMap<>(exposures);
    next.put(after.strategyId(), after);
    return new Outcome(next, Change.between(before, after).stream().toList());
  }
}
