package dev.dataproduct.maven;

import dev.dataproduct.SemanticVersion;
import dev.dataproduct.contract.Compatibility;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.page.ProductDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the descriptors of this build with a baseline's (the previous release), with the
 * compatibility table of the runtime gate ({@link Compatibility}): a breaking change of a port's
 * contract needs a new major contract version, and a port's major bump (or a removed port or
 * product) needs the product's major bump.
 */
final class BaselineComparison {
  /** Breaking changes refused, each naming the product, port, change and rule applied. */
  final List<String> refused = new ArrayList<>();
  /** Every other change, for the build log. */
  final List<String> accepted = new ArrayList<>();

  static final String RULE_CONTRACT = "a breaking change needs a new major contract version";
  static final String RULE_PRODUCT = "a port's major bump needs the product's major bump";

  static BaselineComparison compare(Path baselineDir, Path currentDir) {
    BaselineComparison c = new BaselineComparison();
    Map<String, ProductDocuments> current = new LinkedHashMap<>();
    ProductDocuments.readDirectory(currentDir).forEach(d -> current.put(d.id(), d));
    for (ProductDocuments before : ProductDocuments.readDirectory(baselineDir)) {
      ProductDocuments now = current.get(before.id());
      if (now == null) {
        c.refused.add("product '" + before.id() + "' was removed: consumers of every port"
            + " break (retire it through its lifecycle instead; " + RULE_PRODUCT + ")");
        continue;
      }
      c.compareProduct(before, now);
    }
    return c;
  }

  private void compareProduct(ProductDocuments before, ProductDocuments now) {
    DataProductDescriptor b = before.descriptor();
    DataProductDescriptor n = now.descriptor();
    SemanticVersion bv = version(b);
    SemanticVersion nv = version(n);
    boolean productMajorRaised = nv.major() > bv.major();
    String product = "product '" + n.id() + "' " + bv + " -> " + nv;
    for (OutputPortRef port : b.outputPorts()) {
      Optional<DataContract> prev = before.contract(port.name());
      boolean stillThere = n.outputPorts().stream().anyMatch(p -> p.name().equals(port.name()));
      if (!stillThere) {
        add(productMajorRaised, product + ", port '" + port.name() + "': removed",
            "(" + RULE_PRODUCT + ": release the product as " + (bv.major() + 1) + ".0.0)");
        continue;
      }
      Optional<DataContract> next = now.contract(port.name());
      if (prev.isEmpty() || next.isEmpty()) {
        continue;
      }
      Compatibility.Report report = Compatibility.check(prev.get(), next.get());
      String where = product + ", port '" + port.name() + "', contract '" + next.get().id()
          + "' " + report.previous() + " -> " + report.next();
      for (Compatibility.Change change : report.changes()) {
        if (change.breaking() && !report.majorRaised()) {
          refused.add(where + ": " + change.subject() + ": " + change.description() + " ("
              + RULE_CONTRACT + ": publish it as " + (report.previous().major() + 1)
              + ".0.0)");
        } else {
          accepted.add(where + ": " + change.subject() + ": " + change.description()
              + (change.breaking() ? " (breaking; accepted: the contract's major version was"
                  + " raised)" : ""));
        }
      }
      if (report.majorRaised()) {
        add(productMajorRaised, where + ": the contract's major version was raised",
            "(" + RULE_PRODUCT + ": release the product as " + (bv.major() + 1) + ".0.0)");
      }
    }
  }

  private void add(boolean productMajorRaised, String change, String rule) {
    if (productMajorRaised) {
      accepted.add(change + ": accepted, the product's major version was raised");
    } else {
      refused.add(change + " " + rule);
    }
  }

  private static SemanticVersion version(DataProductDescriptor d) {
    return SemanticVersion.parse(d.version().orElse("0.0.0"));
  }
}
