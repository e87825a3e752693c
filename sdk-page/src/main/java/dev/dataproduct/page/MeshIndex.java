package dev.dataproduct.page;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The index page of a data mesh: every product with its domain, owners, tags and glossary terms,
 * searchable in the page (a few lines of inline script filter the list as one types, and by
 * domain), each linked to its {@link ProductPage} ({@code <product>.html}), with which products
 * each one reads and is read by; then the glossary: each term with its definition and the
 * products and fields that use it. Self-contained like the product pages.
 *
 * <pre>{@code
 * String html = MeshIndex.of(ProductDocuments.readDirectory(dir), Optional.of(glossary)).render();
 * }</pre>
 */
public final class MeshIndex {
  private final List<ProductDocuments> products;
  private final Optional<Glossary> glossary;

  private MeshIndex(List<ProductDocuments> products, Optional<Glossary> glossary) {
    this.products = List.copyOf(products);
    this.glossary = Objects.requireNonNull(glossary, "glossary");
  }

  /** The index of these products, with the terms of {@code glossary} when present. */
  public static MeshIndex of(List<ProductDocuments> products, Optional<Glossary> glossary) {
    return new MeshIndex(products, glossary);
  }

  /** Which products read each product (by id), from the upstream products of input ports. */
  public Map<String, List<String>> consumers() {
    Map<String, List<String>> out = new TreeMap<>();
    for (ProductDocuments p : products) {
      for (String up : p.upstreamProducts()) {
        out.computeIfAbsent(up, k -> new ArrayList<>()).add(p.id());
      }
    }
    return out;
  }

  /** A use of a term: a product's port's field. */
  record Usage(String product, String port, String field, FieldType type) {}

  /** Every term bound by a field of any product, with its uses, sorted by term. */
  Map<String, List<Usage>> termUsages() {
    Map<String, List<Usage>> out = new TreeMap<>();
    glossary.ifPresent(g -> g.terms().forEach(t -> out.put(t.name(), new ArrayList<>())));
    for (ProductDocuments p : products) {
      for (Map.Entry<String, DataContract> e : p.contracts().entrySet()) {
        for (Field f : e.getValue().schema().fields()) {
          f.term().ifPresent(t -> out.computeIfAbsent(t, k -> new ArrayList<>())
              .add(new Usage(p.id(), e.getKey(), f.name(), f.type())));
        }
      }
    }
    return out;
  }

  /** The whole HTML document. */
  public String render() {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.el("title", null, "Data mesh \u2014 " + products.size() + " data products");
    h.raw("<style>").raw(PageStyle.CSS).raw("</style></head><body>");
    h.raw("<header class=\"top\"><h1>Data mesh</h1>");
    Set<String> domains = new TreeSet<>();
    products.forEach(p -> p.descriptor().domain().ifPresent(domains::add));
    h.el("p", "sub", products.size() + " data products in " + domains.size() + " domains");
    h.raw("</header><main>");
    productList(h, domains);
    terms(h);
    h.raw("</main><footer>Generated from the products' ODPS descriptors and ODCS contracts."
        + "</footer><script>").raw(PageStyle.SEARCH_JS).raw("</script></body></html>\n");
    return h.toString();
  }

  private void productList(Html h, Set<String> domains) {
    Map<String, List<String>> consumers = consumers();
    h.openAttrs("section", "id", "catalog").el("h2", null, "Products");
    h.openAttrs("input", "id", "search", "type", "search", "placeholder",
        "Search by name, domain, owner, tag or term", "aria-label", "Search products");
    h.raw("<div class=\"filters\"><select id=\"domain-filter\" aria-label=\"Domain\">"
        + "<option value=\"\">all domains</option>");
    domains.forEach(dom -> h.openAttrs("option", "value", dom).text(dom).close("option"));
    h.raw("</select><span id=\"shown\" class=\"muted\"></span></div>");
    h.openAttrs("table", "id", "products");
    h.raw("<thead><tr><th>Product</th><th>Domain</th><th>Owners</th><th>Tags</th>"
        + "<th>Terms</th><th>Reads</th><th>Read by</th></tr></thead><tbody>");
    for (ProductDocuments p : products) {
      DataProductDescriptor d = p.descriptor();
      Set<String> terms = new TreeSet<>();
      p.contracts().values().forEach(c -> c.schema().fields()
          .forEach(f -> f.term().ifPresent(terms::add)));
      List<String> owners = d.members().stream().map(m -> m.username()).toList();
      String search = String.join(" ", List.of(p.id(), d.name().orElse(""),
          d.domain().orElse(""), d.purpose().orElse(""), String.join(" ", owners),
          String.join(" ", d.tags()), String.join(" ", terms))).toLowerCase(Locale.ROOT);
      h.openAttrs("tr", "data-product", p.id(), "data-domain", d.domain().orElse(""),
          "data-search", search);
      h.open("td", null).link(ProductPage.fileName(p.id()), d.name().orElse(p.id()),
          "product-link");
      h.el("div", "muted", d.version().orElse("") + " " + d.purpose().orElse("")).close("td");
      h.el("td", null, d.domain().orElse(""));
      h.el("td", null, String.join(", ", owners));
      h.open("td", null);
      d.tags().forEach(t -> h.el("span", "tag", t));
      h.close("td");
      h.open("td", null);
      terms.forEach(t -> h.openAttrs("a", "href", "#term-" + Html.slug(t), "class", "tag")
          .text(t).close("a"));
      h.close("td");
      links(h, p.upstreamProducts(), "reads");
      links(h, consumers.getOrDefault(p.id(), List.of()), "read-by");
      h.close("tr");
    }
    h.raw("</tbody></table></section>");
  }

  private static void links(Html h, List<String> products, String cls) {
    h.open("td", cls);
    for (int i = 0; i < products.size(); i++) {
      if (i > 0) {
        h.text(", ");
      }
      h.link(ProductPage.fileName(products.get(i)), products.get(i), null);
    }
    h.close("td");
  }

  private void terms(Html h) {
    Map<String, List<Usage>> usages = termUsages();
    h.openAttrs("section", "id", "glossary").el("h2", null, "Glossary");
    if (usages.isEmpty()) {
      h.el("p", "muted", "No glossary term is defined or used.");
      h.close("section");
      return;
    }
    h.raw("<table class=\"terms\"><thead><tr><th>Term</th><th>Type</th><th>Definition</th>"
        + "<th>Owner</th><th>Used by</th></tr></thead><tbody>");
    for (Map.Entry<String, List<Usage>> e : usages.entrySet()) {
      Optional<Term> t = glossary.flatMap(g -> g.term(e.getKey()));
      h.openAttrs("tr", "id", "term-" + Html.slug(e.getKey()), "data-term", e.getKey());
      h.open("td", null).el("code", null, e.getKey());
      t.flatMap(Term::domain).ifPresent(dom -> h.el("div", "muted", "domain " + dom));
      h.close("td");
      h.el("td", null, t.map(x -> x.type().logicalTypeName()).orElse(""));
      h.open("td", null);
      if (t.isPresent()) {
        h.text(t.get().description().orElse(""));
        t.get().reference().ifPresent(r -> h.text(" ").link(r, "definition", null));
      } else {
        h.el("span", "deny", "not in the glossary");
      }
      h.close("td");
      h.el("td", null, t.flatMap(Term::owner).orElse(""));
      h.open("td", "usages");
      Map<String, Set<String>> byProduct = new LinkedHashMap<>();
      for (Usage u : e.getValue()) {
        byProduct.computeIfAbsent(u.product(), k -> new LinkedHashSet<>()).add(u.field());
      }
      byProduct.forEach((product, fields) -> h.open("div", null)
          .link(ProductPage.fileName(product), product, null)
          .text(": " + String.join(", ", fields)).close("div"));
      if (byProduct.isEmpty()) {
        h.el("span", "muted", "unused");
      }
      h.close("td").close("tr");
    }
    h.raw("</tbody></table></section>");
  }
}
