package dev.dataproduct.spi;

import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PhysicalSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage behind an {@link dev.dataproduct.OutputPort}: opens publications, lists the
 * committed ones and reads them back. Implementations must be thread-safe: runs of one product
 * may publish concurrently, and each commit must get the next id.
 *
 * <p>An adapter implements this interface and exposes a builder that extends {@link
 * dev.dataproduct.OutputPort.Builder}; see {@code JdbcOutputPort} and {@code S3OutputPort}.
 */
public interface PublicationStore extends AutoCloseable {

  /** A short name of the storage, used as {@code dataproduct.port.type}: jdbc, s3, memory. */
  String type();

  /**
   * Starts a publication. Nothing is visible to readers until its {@link
   * PublicationWriter#commit()}.
   *
   * @throws dev.dataproduct.StorageException when the storage fails
   */
  PublicationWriter open(WriteContext context);

  /**
   * The committed publications still retained, by ascending id. Ids increase with every commit
   * but may have gaps (a store may take an id when a publication opens and lose it on abort);
   * the latest publication is the one with the highest committed id.
   */
  List<Publication> publications();

  /**
   * The committed publications a reader can still read with {@link #read}, by ascending id: all
   * of {@link #publications()} unless the store keeps only its current contents (a table each
   * publication overwrites lists only the latest). {@code OutputPort.publications()} shows
   * consumers this list; the compatibility gate and publication ids use {@link #publications()}.
   */
  default List<Publication> readablePublications() {
    return publications();
  }

  /** The newest committed publication, if any. */
  default Optional<Publication> latest() {
    List<Publication> all = publications();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The committed publication with this id, if still retained. */
  default Optional<Publication> publication(long id) {
    return publications().stream().filter(p -> p.id() == id).findFirst();
  }

  /**
   * Reads a committed publication.
   *
   * @param publication one of {@link #publications()}
   * @param schema the schema of the port's contract; rows are bound to it
   * @param batchSize rows per batch
   */
  BatchReader read(Publication publication, Schema schema, int batchSize);

  /**
   * Where a read of {@code publication} goes, as OpenTelemetry semantic-convention span
   * attributes: for a database {@code db.system.name}, {@code db.collection.name} and {@code
   * db.operation.name}; for S3 {@code aws.s3.bucket} and {@code aws.s3.key}. The core puts them
   * on the {@code dataproduct.consume} span once the access decision has granted the read and the
   * publication is chosen, just before {@link #read}; a denied read never asks for them.
   *
   * <p>Names of storage, never data: no row values, no credentials, no SQL text with values, no
   * connection strings. Keys in the SDK's own {@code dataproduct.} namespace are dropped, so a
   * store cannot overwrite the attributes the core sets. Use the same values the store sets on
   * the write span through {@link WriteContext#setAttribute}, so that writes and reads of one
   * table or bucket can be found together. The default is none. A store that throws here loses
   * its attributes, never the read.
   *
   * @param publication one of {@link #publications()}
   * @return attribute keys to values; may be empty, never null
   */
  default Map<String, String> readAttributes(Publication publication) {
    return Map.of();
  }

  /**
   * The contract a publication was checked against, as stored with it (the whole contract of
   * {@link WriteContext#contract()}, custom properties included). Every store implements it: the
   * compatibility gate compares the next contract with the one of the port's last publication of
   * the same major version, and products reading the publication from storage take the owner's
   * access policies from it ({@link dev.dataproduct.contract.PublishedAccess}). Keep it with the
   * publication, in the same commit (a manifest, a row of the publication log, a table property).
   *
   * <p>Empty only for a publication whose contract this store cannot tell (not one of its own, no
   * longer retained, or written by other software): the gate then refuses to publish under that
   * major version (it fails closed, naming the publication; a new major version starts afresh),
   * and reads of that publication from storage are denied. {@code PublicationStoreContract} in
   * sdk-testing fails a store that returns empty for a publication it committed.
   *
   * <pre>{@code
   * @Override
   * public Optional<DataContract> contractOf(Publication publication) {
   *   Stored s = committed.get(publication.id());
   *   return s == null ? Optional.empty() : Optional.of(s.contract());
   * }
   * }</pre>
   *
   * @param publication one of {@link #publications()}
   * @throws dev.dataproduct.StorageException when the storage fails
   */
  Optional<DataContract> contractOf(Publication publication);

  /**
   * Where the data lives, as the properties of an ODCS v3.1.0 {@code servers} entry, for the
   * port's data contract document: {@code type} (an ODCS server type such as {@code postgres},
   * {@code s3}, {@code custom}) and the properties that type requires, e.g. {@code host}, {@code
   * port}, {@code database}, {@code schema} for {@code postgres}, or {@code location} (an {@code
   * s3://bucket/prefix} URI) and {@code format} for {@code s3}. Never credentials. The default is
   * {@code type: custom} with nothing else.
   */
  default Map<String, Object> server() {
    return Map.of("type", "custom");
  }

  /**
   * How to publish a contract as major version {@code major} on this store, for the compatibility
   * gate's message when the contract breaks a promise of its current major version. It begins
   * {@code "Publish it as <major>.0.0"}. A store that keeps every publication readable (objects,
   * in memory) keeps the new major's publications beside the old one's, and consumers pinned to
   * the old major ({@code ReadOptions.latest().contractMajor(n)}) keep reading them: the default
   * says so. A store that cannot (a table each publication overwrites) says what to do instead,
   * so that the advice never suggests something the store cannot do.
   *
   * @param major the new major version, at least 1
   * @return one sentence without a final period
   */
  default String newMajorVersionAdvice(int major) {
    return "Publish it as " + major + ".0.0 to publish side by side (consumers pinned to major "
        + (major - 1) + " keep reading its publications)";
  }

  /**
   * How this store keeps rows of {@code schema} (the port's contract's), for the port's ODCS
   * document: the object's {@code physicalName} (a table {@code daily_revenue}, a key prefix, a
   * topic), its {@code physicalType} ({@code table}, {@code file}, {@code topic}) and the {@code
   * physicalType} of each field (the column types the store creates, e.g. {@code numeric(14,2)}).
   * Never credentials or values. The default, empty, writes neither.
   */
  default Optional<PhysicalSchema> physicalSchema(Schema schema) {
    return Optional.empty();
  }

  /**
   * The dataset this store's publications form, named by the OpenLineage dataset naming spec
   * from where the data lives ({@code postgres://host:5432} and {@code db.schema.table}, {@code
   * s3://bucket} and the key prefix, see {@link LineageDataset}), so that lineage events of the
   * product join other producers' lineage of the same storage. Asked when a run's lineage event
   * is built, on the running thread: answer from what the store knows (cache what needs a
   * connection). The default, empty, keeps the name the emitter gives ports whose storage is
   * not named: {@code <product>.<port>} in the emitter's namespace. A store that throws here is
   * treated as empty.
   */
  default Optional<LineageDataset> lineageDataset() {
    return Optional.empty();
  }

  /**
   * The values this store keeps exactly. The core quarantines, per row, a row holding a value
   * outside it (rule {@link dev.dataproduct.Quarantine#REPRESENTABLE_RULE_ID}) before the row
   * reaches {@link PublicationWriter#write}, so one such value neither fails the publication nor
   * gets stored as another value. Asked once per run, after {@link #open}. The default is {@link
   * ValueDomain#unrestricted()}: a store that encodes values (SQL, UTF-8, JSON, CSV) declares its
   * limits, and keeps a last-line check of its own that fails the write rather than store a
   * different value.
   */
  default ValueDomain valueDomain() {
    return ValueDomain.unrestricted();
  }

  /**
   * Where rows rejected on this port go. Quarantine records have the fixed schema {@link
   * dev.dataproduct.Quarantine#SCHEMA}; they are committed in their own publication even when the
   * run fails, so they can be diagnosed.
   */
  PublicationStore quarantine();

  /** Releases resources the store owns (never the ones the user handed it). */
  @Override
  default void close() {}
}
