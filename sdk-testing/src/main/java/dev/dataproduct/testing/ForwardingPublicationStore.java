package dev.dataproduct.testing;

import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PublicationStore} that forwards every call to another store, for tests that change one
 * behaviour of a real store: fail a call, count calls, keep no contracts, describe reads.
 * Subclasses override what they change; everything else reaches the delegate, the SPI's default
 * methods included ({@link #readablePublications}, {@link #latest}, {@link #publication}, {@link
 * #physicalSchema}, {@link #lineageDataset}, ...): a subclass that changes {@link #publications}
 * overrides those that must follow it.
 *
 * <pre>{@code
 * PublicationStore forgetful = new ForwardingPublicationStore(InMemoryPublicationStore.create()) {
 *   @Override
 *   public Optional<DataContract> contractOf(Publication publication) {
 *     return Optional.empty(); // the compatibility gate then refuses the next publication
 *   }
 * };
 * OutputPort port = OutputPort.builder("orders", forgetful).contract(contract).build();
 * }</pre>
 */
public abstract class ForwardingPublicationStore implements PublicationStore {
  private final PublicationStore delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingPublicationStore(PublicationStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store calls are forwarded to. */
  protected PublicationStore delegate() {
    return delegate;
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    return delegate.open(context);
  }

  @Override
  public List<Publication> publications() {
    return delegate.publications();
  }

  @Override
  public List<Publication> readablePublications() {
    return delegate.readablePublications();
  }

  @Override
  public Optional<Publication> latest() {
    return delegate.latest();
  }

  @Override
  public Optional<Publication> publication(long id) {
    return delegate.publication(id);
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    return delegate.read(publication, schema, batchSize);
  }

  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return delegate.readAttributes(publication);
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    return delegate.contractOf(publication);
  }

  @Override
  public String newMajorVersionAdvice(int major) {
    return delegate.newMajorVersionAdvice(major);
  }

  @Override
  public Map<String, Object> server() {
    return delegate.server();
  }

  @Override
  public Optional<PhysicalSchema> physicalSchema(Schema schema) {
    return delegate.physicalSchema(schema);
  }

  @Override
  public Optional<LineageDataset> lineageDataset() {
    return delegate.lineageDataset();
  }

  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    return delegate.valueDomain();
  }

  @Override
  public PublicationStore quarantine() {
    return delegate.quarantine();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
