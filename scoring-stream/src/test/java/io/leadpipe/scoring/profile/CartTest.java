package io.leadpipe.scoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.Product;
import java.util.List;
import org.junit.jupiter.api.Test;

class CartTest {

  private static Product p(String id, String sku, Double price, Integer quantity) {
    return Product.newBuilder()
        .setProductId(id)
        .setSku(sku)
        .setPrice(price)
        .setQuantity(quantity)
        .build();
  }

  @Test
  void addsMergeByProductRemovesLowerTheQuantityAndTheValueFollows() {
    Cart c =
        Cart.empty()
            .add(List.of(p("a", null, 10.0, 2), p(null, "sku-b", 5.0, null)), 10)
            .add(List.of(p("a", null, 10.0, 1)), 10)
            .remove(
                List.of(
                    p("a", null, null, 2), p(null, "sku-b", null, null), p("zz", null, null, 1)));

    assertThat(c.lines())
        .extracting(Cart.Line::productId, Cart.Line::quantity)
        .containsExactly(tuple("a", 1));
    assertThat(c.value()).isEqualTo(10.0);
  }

  @Test
  void theLineBoundHoldsAndAReplacementListsTheWholeCart() {
    Cart c =
        Cart.empty()
            .add(List.of(p("a", null, 1.0, 1), p("b", null, 1.0, 1), p("c", null, 1.0, 1)), 2);
    assertThat(c.lines()).extracting(Cart.Line::productId).containsExactly("a", "b");

    assertThat(c.replace(List.of(p("d", null, 3.0, 2)), 2).value()).isEqualTo(6.0);
  }
}
