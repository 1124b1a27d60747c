package io.leadpipe.localstack.demo;

import java.util.List;
import java.util.Random;

/**
 * The demo shop's products: Trailhead Outfitters, the outdoor store of ingest's {@code
 * /demo/shop.html} (its three products appear here with the same ids, names and prices), with
 * enough variety for categories, price points and cheaper variants.
 */
public final class Catalogue {

  /** One product as the tracking API expects it in {@code properties}. */
  public record Item(
      String productId,
      String name,
      String category,
      String brand,
      double price,
      String cheaperVariantOf) {}

  public static final String CURRENCY = "EUR";

  /** From this price on a product is one a hesitating buyer deliberates over. */
  static final double PREMIUM_PRICE = 179;

  public static final List<Item> ITEMS =
      List.of(
          new Item("tent-2p", "Trail Tent 2P", "tents", "Trailhead", 249.00, null),
          new Item("tent-2p-lite", "Trail Tent 2P Lite", "tents", "Trailhead", 199.00, "tent-2p"),
          new Item("tent-4p", "Basecamp Tent 4P", "tents", "Trailhead", 459.00, null),
          new Item("boots-m", "Ridge Boots", "footwear", "Trailhead", 139.00, null),
          new Item("boots-gtx", "Ridge Boots GTX", "footwear", "Trailhead", 199.00, null),
          new Item(
              "shoes-trail", "Trail Runner Shoes", "footwear", "Trailhead", 119.00, "boots-gtx"),
          new Item("pack-45", "Summit Backpack 45L", "backpacks", "Trailhead", 179.00, null),
          new Item("pack-30", "Daypack 30L", "backpacks", "Trailhead", 89.00, "pack-45"),
          new Item("jacket-shell", "Storm Shell Jacket", "jackets", "Trailhead", 249.00, null),
          new Item("jacket-down", "Alpine Down Jacket", "jackets", "Trailhead", 329.00, null),
          new Item("stove", "Compact Camping Stove", "cooking", "Trailhead", 59.00, null),
          new Item("lamp-hd", "Head Lamp HD", "accessories", "Lumen", 39.90, null),
          new Item("bottle", "Insulated Bottle", "accessories", "Trailhead", 29.00, null));

  private static final List<Item> PREMIUM =
      ITEMS.stream().filter(i -> i.price() >= PREMIUM_PRICE).toList();

  private Catalogue() {}

  public static Item pick(Random random) {
    return ITEMS.get(random.nextInt(ITEMS.size()));
  }

  /** A premium item: the kind a hesitating buyer deliberates over. */
  public static Item pickExpensive(Random random) {
    return PREMIUM.get(random.nextInt(PREMIUM.size()));
  }

  /** The cheaper variant of {@code item}, or null when it has none. */
  public static Item cheaperVariantOf(Item item) {
    return ITEMS.stream()
        .filter(i -> item.productId().equals(i.cheaperVariantOf()))
        .findFirst()
        .orElse(null);
  }
}
