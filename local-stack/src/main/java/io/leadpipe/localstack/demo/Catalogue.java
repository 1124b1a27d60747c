package io.leadpipe.localstack.demo;

import java.util.List;
import java.util.Random;

/** The demo shop's products: an outdoor-gear store, enough variety for categories and price points. */
public final class Catalogue {

  /** One product as the tracking API expects it in `properties`. */
  public record Item(String productId, String name, String category, double price, String cheaperVariantOf) {}

  public static final List<Item> ITEMS = List.of(
      new Item("tent-2p", "Ridge 2P Tent", "tents", 289.00, null),
      new Item("tent-2p-lite", "Ridge 2P Tent Lite", "tents", 219.00, "tent-2p"),
      new Item("tent-4p", "Basecamp 4P Tent", "tents", 459.00, null),
      new Item("pack-45", "Summit 45L Backpack", "backpacks", 179.00, null),
      new Item("pack-30", "Daypack 30L", "backpacks", 89.00, "pack-45"),
      new Item("jacket-shell", "Storm Shell Jacket", "jackets", 249.00, null),
      new Item("jacket-down", "Alpine Down Jacket", "jackets", 329.00, null),
      new Item("boots-hike", "Trail Hiking Boots", "footwear", 189.00, null),
      new Item("shoes-trail", "Trail Runner Shoes", "footwear", 139.00, "boots-hike"),
      new Item("stove", "Compact Camping Stove", "cooking", 59.00, null),
      new Item("lamp", "Head Lamp 400", "accessories", 39.00, null),
      new Item("bottle", "Insulated Bottle", "accessories", 29.00, null));

  private Catalogue() {}

  public static Item pick(Random random) {
    return ITEMS.get(random.nextInt(ITEMS.size()));
  }

  /** A premium item: the kind a hesitating buyer deliberates over. */
  public static Item pickExpensive(Random random) {
    List<Item> premium = ITEMS.stream().filter(i -> i.price() >= 179).toList();
    return premium.get(random.nextInt(premium.size()));
  }

  public static Item cheaperVariantOf(Item item) {
    return ITEMS.stream().filter(i -> item.productId().equals(i.cheaperVariantOf())).findFirst().orElse(null);
  }
}
