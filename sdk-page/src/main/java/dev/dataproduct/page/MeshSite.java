package dev.dataproduct.page;

import dev.dataproduct.DataProduct;
import dev.dataproduct.contract.Glossary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A static site of a data mesh: {@code index.html} (the {@link MeshIndex}) and one {@code
 * <product>.html} ({@link ProductPage}) per product, linked both ways, each page listing the
 * products that consume it. What the Maven plugin's {@code page} goal writes.
 *
 * <pre>{@code
 * MeshSite.builder()
 *     .products(ProductDocuments.readDirectory(Path.of("target/dataproducts")))
 *     .glossary(Glossary.read(Path.of("glossary.yaml")))
 *     .build()
 *     .write(Path.of("target/site/dataproducts"));
 * }</pre>
 */
public final class MeshSite {
  private final Map<String, ProductPage.Builder> pages;
  private final List<ProductDocuments> products;
  private final Optional<Glossary> glossary;

  private MeshSite(Builder b) {
    this.pages = new LinkedHashMap<>(b.pages);
    this.products = List.copyOf(b.products);
    this.glossary = Optional.ofNullable(b.glossary);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Writes the index and every product page into {@code dir}; returns the files, index first. */
  public List<Path> write(Path dir) {
    Objects.requireNonNull(dir, "dir");
    MeshIndex index = MeshIndex.of(products, glossary);
    Map<String, List<String>> consumers = index.consumers();
    List<Path> out = new ArrayList<>();
    out.add(ProductPage.writeFile(dir.resolve("index.html"), index.render()));
    for (Map.Entry<String, ProductPage.Builder> e : pages.entrySet()) {
      ProductPage.Builder b = e.getValue().indexHref("index.html")
          .consumers(consumers.getOrDefault(e.getKey(), List.of()));
      glossary.ifPresent(b::glossary);
      out.add(b.build().write(dir.resolve(ProductPage.fileName(e.getKey()))));
    }
    return List.copyOf(out);
  }

  /** Builds a {@link MeshSite}. */
  public static final class Builder {
    private final Map<String, ProductPage.Builder> pages = new LinkedHashMap<>();
    private final List<ProductDocuments> products = new ArrayList<>();
    private Glossary glossary;

    private Builder() {}

    /** Adds products read from descriptor files (pages without publication history). */
    public Builder products(List<ProductDocuments> documents) {
      documents.forEach(d -> add(d, ProductPage.builder(d)));
      return this;
    }

    /** Adds a built product, with the publication history its stores retain. */
    public Builder product(DataProduct product) {
      ProductPage page = ProductPage.of(product);
      ProductPage.Builder b = ProductPage.builder(page.documents());
      page.history().forEach(b::history);
      product.glossary().ifPresent(b::glossary);
      return add(page.documents(), b);
    }

    private Builder add(ProductDocuments d, ProductPage.Builder page) {
      if (pages.putIfAbsent(d.id(), page) != null) {
        throw new IllegalArgumentException("Product '" + d.id() + "' added twice");
      }
      products.add(d);
      return this;
    }

    /** The mesh's glossary: definitions on the pages, terms and their uses on the index. */
    public Builder glossary(Glossary glossary) {
      this.glossary = Objects.requireNonNull(glossary, "glossary");
      return this;
    }

    public MeshSite build() {
      return new MeshSite(this);
    }
  }
}
