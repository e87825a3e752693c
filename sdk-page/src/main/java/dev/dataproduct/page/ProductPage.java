package dev.dataproduct.page;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The page of one data product: one static, self-contained HTML document (inline CSS and SVG,
 * no script, no external resource) that opens from a file or any static host. It shows the
 * product's identity and owners, its output ports with servers, schema (types, classification,
 * glossary terms with their definitions), rules (severity, action), service levels and access
 * policies, the publication history with a chart when one is given, and the lineage (inputs,
 * upstream products, outputs, consumers). Values of classified fields (rule bounds, allowed
 * values, patterns) never appear; every text is HTML-escaped.
 *
 * <pre>{@code
 * // at run time, from a product and its stores' publication history
 * String html = ProductPage.of(product).render();
 *
 * // at build time, from descriptor files
 * ProductPage page = ProductPage.builder(ProductDocuments.read(Path.of("daily-revenue.odps.yaml")))
 *     .glossary(Glossary.read(Path.of("glossary.yaml")))
 *     .build();
 * page.write(Path.of("target/site/dataproducts/daily-revenue.html"));
 * }</pre>
 */
public final class ProductPage {
  private final ProductDocuments documents;
  private final Map<String, List<PublicationStats>> history;
  private final Glossary glossary;
  private final String indexHref;
  private final List<String> consumers;

  private ProductPage(Builder b) {
    this.documents = b.documents;
    this.history = Map.copyOf(b.history);
    this.glossary = b.glossary;
    this.indexHref = b.indexHref;
    this.consumers = List.copyOf(b.consumers);
  }

  /** A builder of the page of the product these documents describe. */
  public static Builder builder(ProductDocuments documents) {
    return new Builder(documents);
  }

  /**
   * The page of a built product with the publication history its stores retain (rows and, from
   * the quarantine store, quarantined rows per publication) and its glossary.
   */
  public static ProductPage of(DataProduct product) {
    return builderOf(product, ProductDocuments.of(product)).indexHref(null).build();
  }

  /** A builder with the documents, publication history and glossary of a built product. */
  static Builder builderOf(DataProduct product, ProductDocuments documents) {
    Builder b = builder(documents);
    for (OutputPort port : product.outputs().values()) {
      PublicationStore quarantine = PortStorage.quarantine(port);
      b.history(port.name(), PublicationStats.of(PortStorage.store(port).publications(),
          quarantine == null ? List.of() : quarantine.publications()));
    }
    product.glossary().ifPresent(b::glossary);
    return b;
  }

  /** The file name of a product's page in a site: {@code <product>.html}. */
  public static String fileName(String product) {
    return Objects.requireNonNull(product, "product") + ".html";
  }

  public ProductDocuments documents() {
    return documents;
  }

  /** The publication history shown per output port (empty for pages made from files). */
  public Map<String, List<PublicationStats>> history() {
    return history;
  }

  /** The whole HTML document. */
  public String render() {
    return new ProductPageWriter(documents, history, Optional.ofNullable(glossary),
        Optional.ofNullable(indexHref), consumers).write();
  }

  /** Writes {@link #render()} to {@code file} (UTF-8), creating its directory. */
  public Path write(Path file) {
    return writeFile(file, render());
  }

  static Path writeFile(Path file, String html) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      return Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Builds a {@link ProductPage}. */
  public static final class Builder {
    private final ProductDocuments documents;
    private final Map<String, List<PublicationStats>> history = new LinkedHashMap<>();
    private Glossary glossary;
    private String indexHref = "index.html";
    private final List<String> consumers = new ArrayList<>();

    private Builder(ProductDocuments documents) {
      this.documents = Objects.requireNonNull(documents, "documents");
    }

    /** The publications of output port {@code port}, by ascending id. */
    public Builder history(String port, List<PublicationStats> publications) {
      Objects.requireNonNull(port, "port");
      history.put(port, List.copyOf(publications));
      return this;
    }

    /** The glossary whose definitions the schema shows next to each bound field. */
    public Builder glossary(Glossary glossary) {
      this.glossary = Objects.requireNonNull(glossary, "glossary");
      return this;
    }

    /**
     * The link back to the mesh index ({@code index.html} by default); {@code null} for a page
     * served alone.
     */
    public Builder indexHref(String href) {
      this.indexHref = href;
      return this;
    }

    /** Products that read this one, shown under lineage and linked to their pages. */
    public Builder consumers(List<String> products) {
      consumers.clear();
      consumers.addAll(products);
      return this;
    }

    public ProductPage build() {
      for (String port : history.keySet()) {
        if (documents.descriptor().outputPorts().stream().noneMatch(p -> p.name().equals(port))) {
          throw new IllegalArgumentException("History given for port '" + port
              + "', which product '" + documents.id() + "' does not have");
        }
      }
      return new ProductPage(this);
    }
  }
}
