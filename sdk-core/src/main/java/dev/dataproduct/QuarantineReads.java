package dev.dataproduct;

import dev.dataproduct.contract.DataContract;
import dev.dataproduct.internal.Consumption;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import java.util.List;

/** The owners' access-checked read of a quarantine (see {@link DataProduct#quarantine}). */
final class QuarantineReads {
  private static final DataContract CONTRACT = DataContract.builder("quarantine")
      .version("1.0.0").schema(Quarantine.SCHEMA).build();

  private QuarantineReads() {}

  static BatchReader read(DataProduct product, PublicationStore store, String port,
      Principal principal, ReadOptions options, String salt) {
    // the record column in clear (that is the point), only the port's records
    AccessPolicy grant = AccessPolicy.allowAll().unmask(Quarantine.RECORD)
        .filterRows("port=" + port, (row, p) -> port.equals(row.get(Quarantine.PORT)));
    Consumption.Source source = Consumption.bound(product.name(), port + ".quarantine",
        store.type(), store, CONTRACT, List.of(grant), salt, product.telemetry());
    boolean owner = product.owners().stream().anyMatch(o -> o.id().equals(principal.id()));
    boolean reader = product.quarantineReaders().stream().anyMatch(principal::hasRole);
    if (!owner && !reader) {
      throw Consumption.deny(source, principal, "principal '" + principal.id() + "' may not read"
          + " the quarantine of port '" + port + "' of product '" + product.name() + "': it"
          + " holds rejected rows with their classified values, readable by the owners "
          + product.owners().stream().map(Owner::id).toList()
          + (product.quarantineReaders().isEmpty()
              ? " only; the owner may declare reader roles with quarantineReaders(...)"
              : " and roles " + product.quarantineReaders()));
    }
    return Consumption.read(source, principal, options);
  }
}
