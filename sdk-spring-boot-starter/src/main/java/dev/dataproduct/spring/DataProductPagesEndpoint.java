package dev.dataproduct.spring;

import dev.dataproduct.DataProduct;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.page.MeshSite;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeTypeUtils;

/**
 * The actuator web endpoint {@code dataproductpages}: the product page of each of the
 * application's products ({@code GET /actuator/dataproductpages/<product>.html}) and the mesh
 * index over them ({@code GET /actuator/dataproductpages/index.html}), as {@code text/html}. The
 * pages are {@code sdk-page}'s ({@link MeshSite}), linked to each other, rendered on each request
 * from the products and the publication history their stores retain; with a {@link Glossary}
 * bean, fields show its definitions and the index lists its terms. Metadata only: classified
 * values never appear. Expose it like any endpoint:
 *
 * <pre>
 * management.endpoints.web.exposure.include: health,dataproducts,dataproductpages
 * </pre>
 */
@WebEndpoint(id = "dataproductpages")
public class DataProductPagesEndpoint {
  private final Map<String, DataProduct> products;
  private final Optional<Glossary> glossary;

  DataProductPagesEndpoint(Map<String, DataProduct> productsByName, Optional<Glossary> glossary) {
    this.products = Map.copyOf(productsByName);
    this.glossary = Objects.requireNonNull(glossary, "glossary");
  }

  /**
   * One page: {@code index.html} or {@code <product>.html}; {@code null} (404) for any other
   * name.
   */
  @ReadOperation(produces = MimeTypeUtils.TEXT_HTML_VALUE)
  public String page(@Selector String file) {
    MeshSite.Builder site = MeshSite.builder();
    products.keySet().stream().sorted().forEach(name -> site.product(products.get(name)));
    glossary.ifPresent(site::glossary);
    return site.build().render(file).orElse(null);
  }
}
