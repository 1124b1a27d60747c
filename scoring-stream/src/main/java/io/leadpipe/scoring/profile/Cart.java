package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.common.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The visitor's current cart, as their events describe it: added lines, removed lines, replaced by
 * the lines of a cart view or checkout, emptied by a purchase. Applied in arrival order.
 */
public record Cart(List<Line> lines) {

  /** One cart line; the product is identified by product id, else SKU, else name. */
  public record Line(
      String productId, String sku, String name, String category, Double price, int quantity) {

    static Line of(Product p) {
      return new Line(
          p.getProductId(),
          p.getSku(),
          p.getName(),
          p.getCategory(),
          p.getPrice(),
          p.getQuantity() == null || p.getQuantity() < 1 ? 1 : p.getQuantity());
    }

    String identity() {
      return productId != null ? productId : sku != null ? sku : name;
    }

    Line withQuantity(int q) {
      return new Line(productId, sku, name, category, price, q);
    }
  }

  public Cart {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  public static Cart empty() {
    return new Cart(List.of());
  }

  public double value() {
    return lines.stream().mapToDouble(l -> l.price() == null ? 0 : l.price() * l.quantity()).sum();
  }

  public Cart add(List<Product> products, int linesKept) {
    List<Line> next = new ArrayList<>(lines);
    for (Product p : products) {
      Line added = Line.of(p);
      int at = indexOf(next, added.identity());
      if (at >= 0) {
        next.set(at, next.get(at).withQuantity(next.get(at).quantity() + added.quantity()));
      } else if (next.size() < linesKept) {
        next.add(added);
      }
    }
    return new Cart(next);
  }

  public Cart remove(List<Product> products) {
    List<Line> next = new ArrayList<>(lines);
    for (Product p : products) {
      Line removed = Line.of(p);
      int at = indexOf(next, removed.identity());
      if (at >= 0) {
        int left = next.get(at).quantity() - removed.quantity();
        if (left > 0) {
          next.set(at, next.get(at).withQuantity(left));
        } else {
          next.remove(at);
        }
      }
    }
    return new Cart(next);
  }

  /** A cart view or checkout lists the whole cart: it replaces what we pieced together. */
  public Cart replace(List<Product> products, int linesKept) {
    return empty().add(products, linesKept);
  }

  private static int indexOf(List<Line> lines, String identity) {
    for (int i = 0; i < lines.size(); i++) {
      if (Objects.equals(lines.get(i).identity(), identity)) {
        return i;
      }
    }
    return -1;
  }
}
