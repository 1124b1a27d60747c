package io.leadpipe.ingest.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.common.Product;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment's product fields (product_id, sku, name, category, brand, variant, price, quantity, url).
 */
final class ProductMapper {

  private ProductMapper() {}

  static boolean describesProduct(PropertiesReader p) {
    return p.has("product_id", "productId", "sku");
  }

  static Product read(PropertiesReader p, IngestLimits limits) {
    FieldReader r = p.reader();
    String path = p.path();
    int shortText = limits.maxNameLength();
    return Product.newBuilder()
        .setProductId(p.read((n, f) -> r.id(n, f, path, shortText), "product_id", "productId"))
        .setSku(p.read((n, f) -> r.id(n, f, path, shortText), "sku"))
        .setName(p.read((n, f) -> r.text(n, f, path, limits.maxTextLength()), "name"))
        .setCategory(p.read((n, f) -> r.text(n, f, path, shortText), "category"))
        .setBrand(p.read((n, f) -> r.text(n, f, path, shortText), "brand"))
        .setVariant(p.read((n, f) -> r.text(n, f, path, shortText), "variant"))
        .setPrice(p.read((n, f) -> r.number(n, f, path), "price"))
        .setQuantity(p.read((n, f) -> r.integer(n, f, path), "quantity"))
        .setUrl(p.read((n, f) -> r.text(n, f, path, limits.maxTextLength()), "url"))
        .build();
  }

  /** {@code properties.products}: cart, checkout or order lines. */
  static List<Product> lines(PropertiesReader p, IngestLimits limits) {
    JsonNode products = p.read((n, f) -> p.reader().array(n, f, p.path()), "products");
    List<Product> lines = new ArrayList<>();
    if (products == null) {
      return lines;
    }
    String productsPath = FieldReader.path(p.path(), "products");
    for (int i = 0; i < products.size(); i++) {
      JsonNode line = products.get(i);
      String linePath = FieldReader.index(productsPath, i);
      if (!line.isObject()) {
        p.reader().violation(linePath, "must be an object");
        continue;
      }
      lines.add(read(new PropertiesReader(line, linePath, p.reader()), limits));
    }
    return lines;
  }
}
