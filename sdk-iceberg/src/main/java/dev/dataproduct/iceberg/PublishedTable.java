package dev.dataproduct.iceberg;

import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another product's Iceberg output port, read only: its publications (the snapshots its runs
 * committed) as {@link IcebergPublicationStore} lists and reads them, for {@code
 * IcebergInputPort.product}, which reads them through the core's {@link
 * dev.dataproduct.ProductInputPort} (access decided with the policies kept with each contract
 * version). Never creates or changes the table; owns nothing; thread-safe.
 */
final class PublishedTable implements PublicationStore {
  private final IcebergPublicationStore table;

  PublishedTable(IcebergPublicationStore table) {
    this.table = table;
  }

  @Override
  public String type() {
    return table.type();
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    throw new UnsupportedOperationException("Iceberg table " + table.identifier() + " is another"
        + " product's port, read only through " + getClass().getSimpleName());
  }

  @Override
  public List<Publication> publications() {
    return table.publications();
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    return table.read(publication, schema, batchSize);
  }

  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return table.readAttributes(publication);
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    return table.contractOf(publication);
  }

  @Override
  public Map<String, Object> server() {
    return table.server();
  }

  /** The upstream table's location, as its own port names it (OpenLineage naming). */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return table.lineageDataset();
  }

  /** Read only: nothing is ever quarantined here. */
  @Override
  public PublicationStore quarantine() {
    return this;
  }

  @Override
  public String toString() {
    return "PublishedTable{" + table.identifier() + "}";
  }
}
