package dev.dataproduct.testing.fs;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.ValueDomain;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Publications as directories: {@code <root>/publications/<id>/} holds {@code data.jsonl}, {@code
 * contract.yaml} and, written last by an atomic rename, {@code publication.properties}: a
 * directory without it is not (yet) a publication. Ids are claimed by creating the directory,
 * which the file system does atomically, so two store instances (or processes) never share one.
 * Thread-safe: it keeps no state but the root.
 */
final class FileSystemPublicationStore implements PublicationStore {
  static final String DATA = "data.jsonl";
  static final String CONTRACT = "contract.yaml";
  static final String COMMITTED = "publication.properties";
  private static final FileFormat FORMAT = Formats.jsonLines();

  private final Path root;
  private final int retainLast;
  private final boolean isQuarantine;

  FileSystemPublicationStore(Path root, int retainLast, boolean isQuarantine) {
    this.root = root.toAbsolutePath().normalize();
    this.retainLast = retainLast;
    this.isQuarantine = isQuarantine;
  }

  // tag::type[]
  @Override
  public String type() {
    return "file";
  }
  // end::type[]

  // tag::open[]
  @Override
  public PublicationWriter open(WriteContext context) {
    checkSchema(context);
    context.setAttribute("file.directory", directory().toString());
    try {
      Files.createDirectories(staging());
      return new FileSystemPublicationWriter(this, context,
          Files.createTempFile(staging(), context.runId(), ".jsonl"), FORMAT);
    } catch (IOException e) {
      throw new StorageException("Opening a publication in " + root + " failed", e);
    }
  }
  // end::open[]

  Path directory() {
    return root.resolve("publications");
  }

  private Path staging() {
    return root.resolve("_staging");
  }

  // tag::commit[]
  /** Claims the next id, moves the staged file in, then makes the publication visible. */
  Publication commit(WriteContext context, Path staged, long rows) throws IOException {
    Files.createDirectories(directory());
    long id = lastId() + 1;
    Path dir;
    while (true) {
      try {
        dir = Files.createDirectory(directory().resolve(Long.toString(id)));
        break; // the id is ours: creating a directory is atomic
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        id++;
      }
    }
    Files.move(staged, dir.resolve(DATA));
    Files.writeString(dir.resolve(CONTRACT), DataContracts.toYaml(context.contract()));
    Publication p = new Publication(context.portName(), id, context.runId(), rows,
        Files.size(dir.resolve(DATA)), context.contract().version().toString(), Instant.now(),
        dir.toUri().toString());
    Properties props = new Properties();
    props.setProperty("port", p.port());
    props.setProperty("runId", p.runId());
    props.setProperty("rows", Long.toString(rows));
    props.setProperty("bytes", Long.toString(p.bytes()));
    props.setProperty("contractVersion", p.contractVersion());
    props.setProperty("committedAt", p.committedAt().toString());
    Path tmp = dir.resolve(COMMITTED + ".tmp");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      props.store(out, null);
    }
    Files.move(tmp, dir.resolve(COMMITTED), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    retain();
    return p;
  }
  // end::commit[]

  private long lastId() throws IOException {
    try (Stream<Path> dirs = Files.list(directory())) {
      return dirs.map(d -> parseId(d.getFileName().toString())).max(Long::compare).orElse(0L);
    }
  }

  private static long parseId(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void retain() throws IOException {
    List<Publication> all = publications();
    for (int i = 0; i < all.size() - retainLast; i++) {
      deleteTree(directory().resolve(Long.toString(all.get(i).id())));
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // tag::publications[]
  @Override
  public List<Publication> publications() {
    if (!Files.isDirectory(directory())) {
      return List.of();
    }
    List<Publication> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(directory())) {
      for (Path dir : dirs.toList()) {
        read(dir).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new StorageException("Listing the publications of " + root + " failed", e);
    }
    out.sort(Comparator.comparingLong(Publication::id));
    return out;
  }
  // end::publications[]

  private static Optional<Publication> read(Path dir) {
    Path committed = dir.resolve(COMMITTED);
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(committed, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty(); // not committed (yet), or being deleted by retention
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(new Publication(props.getProperty("port"),
        Long.parseLong(dir.getFileName().toString()), props.getProperty("runId"),
        Long.parseLong(props.getProperty("rows")), Long.parseLong(props.getProperty("bytes")),
        props.getProperty("contractVersion"), Instant.parse(props.getProperty("committedAt")),
        dir.toUri().toString()));
  }

  @Override
  public Optional<Publication> publication(long id) {
    return read(directory().resolve(Long.toString(id)));
  }

  // tag::read[]
  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    Path file = directory().resolve(Long.toString(publication.id())).resolve(DATA);
    try {
      InputStream in = Files.newInputStream(file);
      return new DecodingReader(FORMAT.decoder(schema, in, file.toString()), in, schema,
          batchSize, file.toString(), null);
    } catch (IOException e) {
      throw new StorageException("Reading publication " + publication.id() + " of " + root
          + " failed", e);
    }
  }
  // end::read[]

  // tag::contractOf[]
  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    Path file = directory().resolve(Long.toString(publication.id())).resolve(CONTRACT);
    if (publication(publication.id()).isEmpty()) {
      return Optional.empty(); // not one of ours, or no longer retained
    }
    try {
      return Optional.of(DataContracts.fromYaml(Files.readString(file)));
    } catch (IOException e) {
      throw new StorageException("Reading the contract of publication " + publication.id()
          + " of " + root + " failed", e);
    }
  }
  // end::contractOf[]

  // tag::attributes[]
  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return Map.of("file.directory",
        directory().resolve(Long.toString(publication.id())).toString());
  }

  @Override
  public Map<String, Object> server() {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "local");
    server.put("path", root.toString());
    server.put("format", "json");
    return server;
  }
  // end::attributes[]

  // tag::physical[]
  @Override
  public Optional<PhysicalSchema> physicalSchema(Schema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    schema.fields().forEach(f -> FORMAT.physicalType(f).ifPresent(t -> types.put(f.name(), t)));
    return Optional.of(PhysicalSchema.of(root.toString(), "file", types));
  }
  // end::physical[]

  // tag::lineage[]
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(LineageDataset.of("file", root.toString())); // OpenLineage: local files
  }
  // end::lineage[]

  // tag::valueDomain[]
  @Override
  public ValueDomain valueDomain() {
    return FORMAT.valueDomain(); // what JSON Lines keeps exactly
  }
  // end::valueDomain[]

  // tag::quarantine[]
  @Override
  public PublicationStore quarantine() {
    return isQuarantine ? this
        : new FileSystemPublicationStore(root.resolve("_quarantine"), Integer.MAX_VALUE, true);
  }
  // end::quarantine[]

  void checkSchema(WriteContext context) {
    if (isQuarantine && !context.contract().schema().equals(Quarantine.SCHEMA)) {
      throw new DataProductException("The quarantine of " + root + " takes Quarantine.SCHEMA"
          + " rows, not " + context.contract().schema().fieldNames());
    }
  }

  /** Nothing to release: the store holds no thread, no open file between calls. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FileSystemPublicationStore[" + root + "]";
  }
}
