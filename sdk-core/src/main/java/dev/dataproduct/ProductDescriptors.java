package dev.dataproduct;

import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DataProductDescriptor.InputPortRef;
import dev.dataproduct.contract.DataProductDescriptor.Member;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.policy.AccessPolicy;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link DataProduct} to its ODPS {@link DataProductDescriptor}: id and name are the
 * product's name, status {@code active}, one output port per output port with its contract's id
 * and version, one team member per owner. Lives next to the product so that the descriptor (a
 * document value) does not depend on the runtime model.
 */
final class ProductDescriptors {
  private ProductDescriptors() {}

  static DataProductDescriptor of(DataProduct product) {
    DataProductDescriptor.Builder b = DataProductDescriptor.builder(product.name())
        .name(product.name()).version(product.version().toString()).status("active")
        .domain(product.domain());
    product.description().ifPresent(b::purpose);
    product.tags().forEach(b::tag);
    for (InputPort in : product.inputs().values()) {
      b.inputPort(inputPort(in));
    }
    for (OutputPort out : product.outputs().values()) {
      // a bound port's policies are its own, then the product's (written once, on the product)
      List<AccessPolicy> own = out.accessPolicies().subList(0,
          out.accessPolicies().size() - product.policies().size());
      b.outputPort(new OutputPortRef(out.name(), out.contract().description().orElse(null),
          out.type(), out.contract().version().toString(), out.contract().id(), Map.of())
          .withAccessPolicies(own));
    }
    product.managementPorts().forEach(b::managementPort);
    b.teamName(product.domain() + "/" + product.name() + " owners");
    product.owners().forEach(o -> b.member(Member.of(o)));
    return b.accessPolicies(product.policies()).build();
  }

  /** Another product's port is recorded with its product, port and contract. */
  static InputPortRef inputPort(InputPort in) {
    if (!(in instanceof ProductInputPort)) {
      return InputPortRef.of(in.name(), in.type());
    }
    ProductInputPort p = (ProductInputPort) in;
    return InputPortRef.upstream(in.name(), in.type(), p.upstreamProduct().orElse(null),
        p.upstreamPort().orElse(null), p.contractId().orElse(null),
        p.contractVersion().orElse(null), p.acceptedMajors());
  }
}
