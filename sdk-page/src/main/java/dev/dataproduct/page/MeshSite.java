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
import java.util.function.Supplier;

/**
 * A static site of a data mesh: {@code index.html} (the {@link MeshIndex}) and one {@code
 * <product>.html} ({@link ProductPage}) per product, linked both ways, each page listing the
 * products that consume it. What the Maven plugin's {@code page} goal writes, and what a service
 * serves ({@link #render(String)}: pages of built products show the publication history their
 * stores retain, read when the page is rendered).
 *
 * <pre>{@code
 * MeshSite.builder()
 *     .products(ProductDocuments.readDirectory(Path.of("target/dataproducts")))
 *     .glossary(Glossary.read(Path.of("glossary.yaml")))
 *     .build()
 *     .write(Path.of("target/site/dataproducts"));
 *
 * // at run time, one page of the site
 * Optional<String> html = MeshSite.builder().product(orders).product(kpis).build()
 *     .render("orders.html");
 * }</pre>
 */
public final class MeshSite {
  /** The file name of the mesh index. */
  public static final String INDEX = "index.html";

  private final Map<String, Supplier<ProductPage.Builder>> pages;
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

  /** The file names of the site's pages: {@link #INDEX} first, then {@code <product>.html}. */
  public List<String> fileNames() {
    List<String> out = new ArrayList<>();
    out.add(INDEX);
    pages.keySet().forEach(p -> out.add(ProductPage.fileName(p)));
    return List.copyOf(out);
  }

  /**
   * The HTML of one page of the site, by file name ({@link #INDEX} or {@code <product>.html});
   * empty when the site has no such page.
   */
  public Optional<String> render(String fileName) {
    Objects.requireNonNull(fileName, "fileName");
    MeshIndex index = MeshIndex.of(products, glossary);
    if (fileName.equals(INDEX)) {
      return Optional.of(index.render());
    }
    for (String product : pages.keySet()) {
      if (ProductPage.fileName(product).equals(fileName)) {
        return Optional.of(page(product, index.consumers()).render());
      }
    }
    return Optional.empty();
  }

  /** Writes the index and every product page into {@code dir}; returns the files, index first. */
  public List<Path> write(Path dir) {
    Objects.requireNonNull(dir, "dir");
    MeshIndex index = MeshIndex.of(products, glossary);
    Map<String, List<String>> consumers = index.consumers();
    List<Path> out = new ArrayList<>();
    out.add(ProductPage.writeFile(dir.resolve(INDEX), index.render()));
    for (String product : pages.keySet()) {
      out.add(page(product, consumers).write(dir.resolve(ProductPage.fileName(product))));
    }
    return List.copyOf(out);
  }

  private ProductPage page(String product, Map<String, List<String>> consumers) {
    ProductPage.Builder b = pages.get(product).get().indexHref(INDEX)
        .consumers(consumers.getOrDefault(product, List.of()));
    glossary.ifPresent(b::glossary);
    return b.build();
  }

  /** Builds a {@link MeshSite}. */
  public static final class Builder {
    private final Map<String, Supplier<ProductPage.Builder>> pages = new LinkedHashMap<>();
    private final List<ProductDocuments> products = new ArrayList<>();
    private Glossary glossary;

    private Builder() {}

    /** Adds products read from descriptor files (pages without publication history). */
    public Builder products(List<ProductDocuments> documents) {
      documents.forEach(d -> add(d, () -> ProductPage.builder(d)));
      return this;
    }

    /**
     * Adds a built product; its page shows the publication history its stores retain, read each
     * time the page is rendered.
     */
    public Builder product(DataProduct product) {
      Objects.requireNonNull(product, "product");
      ProductDocuments documents = ProductDocuments.of(product);
      return add(documents, () -> ProductPage.builderOf(product, documents));
    }

    private Builder add(ProductDocuments d, Supplier<ProductPage.Builder> page) {
      if (ProductPage.fileName(d.id()).equals(INDEX)) {
        throw new IllegalArgumentException("A product named '" + d.id() + "' would replace the"
            + " mesh index's page " + INDEX);
      }
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
