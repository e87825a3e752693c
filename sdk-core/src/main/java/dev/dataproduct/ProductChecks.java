package dev.dataproduct;

import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.RowRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link DataProduct.Builder#build()} checks before it builds: the required parts, that
 * expectations name input ports and fields and fit their types, that access policies name fields
 * an output port has, and that no name is both an input and an output port.
 */
final class ProductChecks {
  private ProductChecks() {}

  /**
   * Checks a product's parts.
   *
   * @throws IllegalArgumentException naming what is missing or inconsistent
   */
  static void check(String name, SemanticVersion version, String domain, List<Owner> owners,
      Map<String, InputPort> inputs, Map<String, List<RowRule>> expectations,
      Map<String, OutputPort> outputs, List<AccessPolicy> policies) {
    List<String> missing = new ArrayList<>();
    if (version == null) {
      missing.add("version");
    }
    if (domain == null) {
      missing.add("domain");
    }
    if (owners.stream().noneMatch(o -> o.kind() == Owner.Kind.BUSINESS)) {
      missing.add("business owner");
    }
    if (owners.stream().noneMatch(o -> o.kind() == Owner.Kind.TECHNICAL)) {
      missing.add("technical owner");
    }
    if (outputs.isEmpty()) {
      missing.add("output port");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Product '" + name + "' is missing " + missing);
    }
    for (String port : expectations.keySet()) {
      if (!inputs.containsKey(port)) {
        throw new IllegalArgumentException("Expectations name input port '" + port
            + "'; input ports are " + inputs.keySet());
      }
      for (RowRule r : expectations.get(port)) {
        r.field().ifPresent(f -> {
          if (!inputs.get(port).schema().contains(f)) {
            throw new IllegalArgumentException("Expectation '" + r.id() + "' on input port '"
                + port + "' names field '" + f + "'; fields are "
                + inputs.get(port).schema().fieldNames());
          }
        });
        try {
          r.checkFits(inputs.get(port).schema());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Product '" + name + "' input port '" + port
              + "' expectation: " + e.getMessage(), e);
        }
      }
    }
    for (AccessPolicy p : policies) {
      for (OutputPort o : outputs.values()) {
        OutputPort.checkRowFilters(p, o.contract().schema(), o.name());
      }
      p.fields().forEach((field, how) -> {
        if (outputs.values().stream().noneMatch(o -> o.contract().schema().contains(field))) {
          throw new IllegalArgumentException("Access policy " + p + " " + how + " field '"
              + field + "', which no output port of product '" + name + "' has");
        }
      });
    }
    Set<String> all = new LinkedHashSet<>(inputs.keySet());
    for (String out : outputs.keySet()) {
      if (!all.add(out)) {
        throw new IllegalArgumentException(
            "Port name '" + out + "' is used by an input and an output port");
      }
    }
  }
}
