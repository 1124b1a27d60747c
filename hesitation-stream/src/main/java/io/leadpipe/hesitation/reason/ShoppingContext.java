package io.leadpipe.hesitation.reason;

import java.util.List;

/**
 * What the visitor had seen before an event, as far as reading a reason from it needs: whether a
 * total was shown (cart or checkout), the last total, and the products being considered (cart lines
 * and products viewed again).
 */
public record ShoppingContext(
    boolean totalSeen, Double lastTotal, List<ConsideredProduct> considered) {

  /** A product under consideration, for spotting cheaper alternatives. */
  public record ConsideredProduct(
      String productId, String variant, String name, String category, double price) {}

  public ShoppingContext {
    considered = List.copyOf(considered);
  }

  public static ShoppingContext empty() {
    return new ShoppingContext(false, null, List.of());
  }
}
