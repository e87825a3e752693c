package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Another product's S3 output port, read-only: its publications as its {@code _latest} pointer
 * and manifests show them, for {@code S3InputPort.product}, which reads them through the core's
 * {@link dev.dataproduct.ProductInputPort} (access decided with the policies each manifest's
 * contract carries). Owns nothing; thread-safe.
 */
final class PublishedStore implements PublicationStore {
  private final PortCatalog catalog;
  private final String port;

  /**
   * @param port the upstream port's name when known, else null (each manifest's access record
   *     names it)
   */
  PublishedStore(PortCatalog catalog, String port) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.port = port;
  }

  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(catalog.lineageDataset());
  }

  @Override
  public String type() {
    return "s3";
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    throw new UnsupportedOperationException(catalog.uri() + " is another product's port, read"
        + " only through " + getClass().getSimpleName());
  }

  private Publication publication(Manifest m) {
    return catalog.publication(m, port != null ? port : portOf(m.contract()));
  }

  private static String portOf(DataContract c) {
    try {
      return PublishedAccess.of(c).map(PublishedAccess::port).orElse(c.id());
    } catch (DataProductException e) {
      return c.id(); // unreadable record: the read is denied, this is only its label
    }
  }

  @Override
  public List<Publication> publications() {
    return catalog.visible().stream().map(this::publication)
        .collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Optional<Publication> latest() {
    return catalog.latest().map(this::publication);
  }

  @Override
  public Optional<Publication> publication(long id) {
    return catalog.visible(id).map(this::publication);
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    Manifest m = catalog.visible(publication.id()).orElseThrow(() -> new DataProductException(
        "Publication " + publication.id() + " of " + catalog.uri() + " does not exist (any"
            + " more)"));
    return catalog.read(m, schema, batchSize);
  }

  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return Map.of("aws.s3.bucket", catalog.ops().bucket(),
        "aws.s3.key", catalog.layout().manifestKey(publication.id()));
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    return catalog.visible(publication.id()).map(Manifest::contract);
  }

  @Override
  public Map<String, Object> server() {
    return Map.of("type", "s3", "location", catalog.uri());
  }

  /** Read only: nothing is ever quarantined here. */
  @Override
  public PublicationStore quarantine() {
    return this;
  }

  @Override
  public String toString() {
    return "PublishedStore{" + catalog.uri() + "}";
  }
}
