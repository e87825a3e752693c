package dev.dataproduct.page;

import dev.dataproduct.Field;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DataProductDescriptor.InputPortRef;
import dev.dataproduct.contract.DataProductDescriptor.Member;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.ManagementPort;
import dev.dataproduct.contract.Term;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.RowRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes the HTML of one {@link ProductPage}, section by section. */
final class ProductPageWriter {
  private final ProductDocuments docs;
  private final DataProductDescriptor d;
  private final Map<String, List<PublicationStats>> history;
  private final Optional<Glossary> glossary;
  private final Optional<String> indexHref;
  private final List<String> consumers;
  private final Html h = new Html();

  ProductPageWriter(ProductDocuments docs, Map<String, List<PublicationStats>> history,
      Optional<Glossary> glossary, Optional<String> indexHref, List<String> consumers) {
    this.docs = docs;
    this.d = docs.descriptor();
    this.history = history;
    this.glossary = glossary;
    this.indexHref = indexHref;
    this.consumers = consumers;
  }

  String write() {
    String title = d.name().orElse(d.id());
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.el("title", null, title + " " + d.version().orElse("") + " \u2014 data product");
    h.raw("<style>").raw(PageStyle.CSS).raw("</style></head><body>");
    header(title);
    h.raw("<main>");
    overview();
    outputPorts();
    access();
    publications();
    lineage();
    management();
    h.raw("</main><footer>Generated from the product's ODPS descriptor and ODCS contracts."
        + " Values of classified fields are never shown.</footer></body></html>\n");
    return h.toString();
  }

  private void header(String title) {
    h.raw("<header class=\"top\">");
    indexHref.ifPresent(href -> h.openAttrs("nav").link(href, "\u2190 Data mesh index",
        "index-link").close("nav"));
    h.openAttrs("h1", "id", "product-name").text(title).close("h1");
    h.open("p", "sub").text("domain " + d.domain().orElse("\u2014") + " \u00b7 version "
        + d.version().orElse("\u2014") + " \u00b7 " + d.status().orElse("unknown status"))
        .close("p");
    h.raw("</header>");
  }

  private void overview() {
    h.openAttrs("section", "id", "overview").el("h2", null, "Overview");
    d.purpose().ifPresent(p -> h.el("p", "purpose", p));
    h.raw("<dl class=\"facts\">");
    fact("Business owner", owners(Member::ownerKind, dev.dataproduct.Owner.Kind.BUSINESS));
    fact("Technical owner", owners(Member::ownerKind, dev.dataproduct.Owner.Kind.TECHNICAL));
    d.teamName().ifPresent(t -> fact("Team", t));
    for (Member m : d.members()) {
      if (m.ownerKind() == null) {
        fact(m.role() == null ? "Member" : m.role(), m.username());
      }
    }
    d.usage().ifPresent(u -> fact("Usage", u));
    d.limitations().ifPresent(l -> fact("Limitations", l));
    h.raw("</dl>");
    if (!d.tags().isEmpty()) {
      h.openAttrs("p", "class", "tags");
      d.tags().forEach(t -> h.el("span", "tag", t));
      h.close("p");
    }
    h.close("section");
  }

  private String owners(java.util.function.Function<Member, Object> kind, Object wanted) {
    String s = d.members().stream().filter(m -> wanted.equals(kind.apply(m)))
        .map(Member::username).collect(Collectors.joining(", "));
    return s.isEmpty() ? "\u2014" : s;
  }

  private void fact(String term, String value) {
    h.el("dt", null, term).el("dd", null, value);
  }

  private void outputPorts() {
    h.openAttrs("section", "id", "ports").el("h2", null, "Output ports");
    if (d.outputPorts().isEmpty()) {
      h.el("p", "muted", "This product has no output port.");
    }
    for (OutputPortRef port : d.outputPorts()) {
      h.openAttrs("article", "class", "port", "id", "port-" + Html.slug(port.name()));
      h.open("h3", null).text(port.name()).raw(" ");
      h.el("span", "badge", port.type() == null ? "port" : port.type()).close("h3");
      h.raw("<dl class=\"facts\">");
      fact("Contract", (port.contractId() == null ? "\u2014" : port.contractId()) + " "
          + (port.version() == null ? "" : port.version()));
      if (port.description() != null) {
        fact("Publishes", port.description());
      }
      Map<String, Object> server = docs.server(port.name());
      server.forEach((k, v) -> fact("Server " + k, String.valueOf(v)));
      h.raw("</dl>");
      Optional<DataContract> contract = docs.contract(port.name());
      if (contract.isEmpty()) {
        h.el("p", "muted", "No contract file for this port.");
      } else {
        schema(contract.get());
        rules(contract.get());
        slas(contract.get());
      }
      List<AccessPolicy> own = port.accessPolicies();
      if (!own.isEmpty()) {
        h.el("h3", null, "Access to " + port.name() + " (in addition to the product's)");
        policies(own, "port-policies");
      }
      h.close("article");
    }
    h.close("section");
  }

  private void schema(DataContract c) {
    h.el("h3", null, "Schema");
    h.openAttrs("table", "class", "schema");
    h.raw("<thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Key</th>"
        + "<th>Classification</th><th>Term</th><th>Description</th></tr></thead><tbody>");
    for (Field f : c.schema().fields()) {
      h.openAttrs("tr", "data-field", f.name());
      h.open("td", null).el("code", null, f.name()).close("td");
      h.el("td", null, type(f));
      h.el("td", null, f.isRequired() ? "yes" : "no");
      h.el("td", null, f.isPrimaryKey() ? "primary" : f.isUnique() ? "unique" : "");
      String cls = f.classification().odcsName();
      h.open("td", null).el("span", "badge c-" + cls, cls).close("td");
      h.open("td", "term");
      f.term().ifPresent(this::term);
      h.close("td");
      Optional<String> definition = f.term().flatMap(t -> glossary.flatMap(g -> g.term(t)))
          .flatMap(Term::description);
      // a bound field without its own description took the term's: shown once, under Term
      h.el("td", null, f.description().filter(x -> !definition.equals(Optional.of(x)))
          .orElse(""));
      h.close("tr");
    }
    h.raw("</tbody></table>");
  }

  private void term(String name) {
    Optional<Term> t = glossary.flatMap(g -> g.term(name));
    if (t.isPresent() && t.get().reference().isPresent()) {
      h.link(t.get().reference().get(), name, "term-name");
    } else {
      h.el("code", "term-name", name);
    }
    if (t.isPresent()) {
      t.get().description().ifPresent(def -> h.el("div", "term-definition", def));
      t.get().owner().ifPresent(o -> h.el("div", "muted", "defined by " + o));
    } else if (glossary.isPresent()) {
      h.el("div", "deny", "not in the glossary");
    }
  }

  private static String type(Field f) {
    StringBuilder b = new StringBuilder(f.type().logicalTypeName());
    if (f.precision().isPresent()) {
      b.append('(').append(f.precision().getAsInt());
      f.scale().ifPresent(s -> b.append(',').append(s));
      b.append(')');
    }
    f.maxLength().ifPresent(m -> b.append(" \u2264 ").append(m).append(" chars"));
    return b.toString();
  }

  private void rules(DataContract c) {
    if (c.rules().isEmpty()) {
      return;
    }
    h.el("h3", null, "Rules");
    h.openAttrs("table", "class", "rules");
    h.raw("<thead><tr><th>Rule</th><th>Checks</th><th>Severity</th><th>Action</th></tr>"
        + "</thead><tbody>");
    for (RowRule r : c.rowRules()) {
      rule(r.id(), RuleText.of(r, c.schema()), r.description(), r.severity().name(),
          r.action().name());
    }
    for (DatasetRule r : c.datasetRules()) {
      rule(r.id(), RuleText.of(r), r.description(), r.severity().name(), r.action().name());
    }
    h.raw("</tbody></table>");
  }

  private void rule(String id, String checks, Optional<String> description, String severity,
      String action) {
    h.openAttrs("tr", "data-rule", id);
    h.open("td", null).el("code", null, id).close("td");
    h.open("td", null).text(checks);
    description.ifPresent(x -> h.el("div", "muted", x));
    h.close("td");
    h.el("td", null, severity.toLowerCase(java.util.Locale.ROOT));
    h.open("td", null).el("span", "badge a-" + action, action).close("td");
    h.close("tr");
  }

  private void slas(DataContract c) {
    h.el("h3", null, "Service levels");
    h.openAttrs("ul", "class", "slas");
    h.el("li", null, "Freshness: " + c.freshness().map(f -> "a new publication at least every "
        + Durations.words(f)).orElse("not promised"));
    h.el("li", null, "Retention: " + c.retention().map(r -> "publications stay readable "
        + Durations.words(r)).orElse("not promised"));
    for (DatasetRule r : c.datasetRules()) {
      if (r.kind() == DatasetRule.Kind.ROW_COUNT) {
        h.el("li", null, "Volume: " + RuleText.of(r));
      }
    }
    h.close("ul");
  }

  private void access() {
    h.openAttrs("section", "id", "access").el("h2", null, "Access");
    List<AccessPolicy> policies = d.accessPolicies();
    if (policies.isEmpty()) {
      h.el("p", null, "No product-wide policy: only the policies of each port grant access.");
    } else {
      policies(policies, "policies");
    }
    h.el("p", "muted", "Fields classified pii or restricted are masked for every reader that is"
        + " not explicitly granted them.");
    h.close("section");
  }

  private void policies(List<AccessPolicy> policies, String cls) {
    h.openAttrs("table", "class", cls);
    h.raw("<thead><tr><th>Effect</th><th>Who</th><th>Purposes</th><th>Masked fields</th>"
        + "<th>Unmasked fields</th><th>Row filters</th></tr></thead><tbody>");
    for (AccessPolicy p : policies) {
      h.open("tr", null);
      boolean allow = p.effect() == AccessPolicy.Effect.ALLOW;
      h.el("td", allow ? "allow" : "deny", allow ? "allow" : "deny");
      h.el("td", null, p.everyone() ? "everyone" : "roles " + join(p.roles()));
      h.el("td", null, p.purposes().isEmpty() ? "any" : join(p.purposes()));
      h.el("td", null, p.masks().entrySet().stream().map(e -> e.getKey() + " ("
          + masking(e.getValue()) + ")").sorted().collect(Collectors.joining(", ")));
      h.el("td", null, join(p.unmasked()));
      h.el("td", null, p.rowFilters().stream().map(f -> f.field() != null && f.attribute() != null
          ? f.field() + " = principal's " + f.attribute() : f.name())
          .collect(Collectors.joining(", ")));
      h.close("tr");
    }
    h.raw("</tbody></table>");
  }

  private static String masking(Masking m) {
    return switch (m.kind()) {
      case NULL -> "nulled";
      case HASH -> "hashed";
      case PARTIAL -> "last " + m.visibleSuffix() + " characters shown";
    };
  }

  private static String join(java.util.Collection<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }

  private void publications() {
    h.openAttrs("section", "id", "history").el("h2", null, "Publications");
    if (history.isEmpty()) {
      h.el("p", "muted", "No publication history on this page (it was generated from"
          + " descriptors; a running product's page shows its retained publications).");
    }
    for (OutputPortRef port : d.outputPorts()) {
      List<PublicationStats> pubs = history.get(port.name());
      if (pubs == null) {
        continue;
      }
      h.openAttrs("div", "class", "history", "id", "history-" + Html.slug(port.name()));
      h.el("h3", null, port.name() + ": " + pubs.size() + " retained publication"
          + (pubs.size() == 1 ? "" : "s"));
      if (!pubs.isEmpty()) {
        h.raw(HistoryChart.svg(port.name(), pubs, docs.contract(port.name())
            .flatMap(DataContract::freshness)));
      }
      h.openAttrs("table", "class", "publications");
      h.raw("<thead><tr><th>#</th><th>Committed (UTC)</th><th>Rows</th><th>Quarantined</th>"
          + "<th>Quarantine ratio</th><th>Contract</th></tr></thead><tbody>");
      for (int i = pubs.size() - 1; i >= 0; i--) {
        PublicationStats s = pubs.get(i);
        h.open("tr", null).el("td", null, s.id()).el("td", null, s.committedAt().toString())
            .el("td", "num", s.rows()).el("td", "num", s.quarantinedRows())
            .el("td", "num", HistoryChart.percent(s.quarantineRatio()))
            .el("td", null, s.contractVersion()).close("tr");
      }
      h.raw("</tbody></table></div>");
    }
    h.close("section");
  }

  private void lineage() {
    h.openAttrs("section", "id", "lineage").el("h2", null, "Lineage");
    h.el("h3", null, "Inputs");
    h.openAttrs("table", "class", "inputs");
    h.raw("<thead><tr><th>Port</th><th>Reads</th><th>Contract</th></tr></thead><tbody>");
    for (InputPortRef in : d.inputPorts()) {
      h.openAttrs("tr", "data-input", in.name());
      h.open("td", null).el("code", null, in.name()).close("td");
      Object up = in.customProperties().get("dataproduct.upstreamProduct");
      Object upPort = in.customProperties().get("dataproduct.upstreamPort");
      Object type = in.customProperties().get("dataproduct.portType");
      h.open("td", null);
      if (up != null) {
        h.text("data product ");
        productLink(up.toString(), "upstream");
        if (upPort != null) {
          h.text(", port " + upPort);
        }
      } else {
        h.text(type == null ? "external source" : type + " source");
      }
      h.close("td");
      h.el("td", null, in.contractId() == null ? "" : in.contractId() + " "
          + (in.version() == null ? "" : in.version()));
      h.close("tr");
    }
    h.raw("</tbody></table>");
    h.el("h3", null, "Outputs");
    h.open("ul", "outputs");
    for (OutputPortRef out : d.outputPorts()) {
      h.open("li", null).link("#port-" + Html.slug(out.name()), out.name(), null)
          .text(out.type() == null ? "" : " (" + out.type() + ")").close("li");
    }
    h.close("ul");
    if (!consumers.isEmpty()) {
      h.el("h3", null, "Consumed by");
      h.open("ul", "consumers");
      consumers.forEach(c -> {
        h.open("li", null);
        productLink(c, "consumer");
        h.close("li");
      });
      h.close("ul");
    }
    h.close("section");
  }

  private void productLink(String product, String cls) {
    if (indexHref.isPresent()) {
      h.link(ProductPage.fileName(product), product, cls);
    } else {
      h.el("code", cls, product);
    }
  }

  private void management() {
    if (d.managementPorts().isEmpty()) {
      return;
    }
    h.openAttrs("section", "id", "management").el("h2", null, "Management ports");
    h.open("ul", null);
    for (ManagementPort m : d.managementPorts()) {
      h.open("li", null).text(m.name() + " (" + m.content() + "): ");
      if (m.url() != null) {
        h.link(m.url(), m.url(), null);
      }
      h.close("li");
    }
    h.close("ul").close("section");
  }
}
