package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The application's data product beans by product name (names are unique in a context). Closes
 * every product when the context closes, however the bean was registered ({@link
 * DataProduct#close()} waits for a run in progress and is idempotent, so a product the context
 * also closes itself is closed once).
 */
final class ProductCatalog implements DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(ProductCatalog.class);

  private final Map<String, DataProduct> byName;

  ProductCatalog(List<DataProduct> products) {
    Map<String, DataProduct> m = new LinkedHashMap<>();
    for (DataProduct p : products) {
      if (m.putIfAbsent(p.name(), p) != null) {
        throw new IllegalStateException("Two data product beans are named '" + p.name()
            + "'; a product's name identifies it in schedules, health, the endpoint and the API");
      }
    }
    this.byName = Map.copyOf(m);
  }

  Map<String, DataProduct> byName() {
    return byName;
  }

  Optional<DataProduct> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public void destroy() {
    for (DataProduct product : byName.values()) {
      try {
        product.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing data product '{}' failed", product.name(), e);
      }
    }
  }
}
