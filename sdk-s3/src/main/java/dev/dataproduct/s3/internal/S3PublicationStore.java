package dev.dataproduct.s3.internal;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 storage of an output port. The commit protocol (see the package documentation of
 * {@code dev.dataproduct.s3}): data files are streamed to a fresh staging directory; at commit
 * the next id is claimed by creating {@code manifests/{id}.json} with {@code If-None-Match: *}
 * (on HTTP 412 the next id is tried); then {@code _latest} is moved to it with {@code If-Match}
 * on its ETag (re-read and retried on 412, done when another writer already moved it past this
 * id). Readers follow only the pointer and manifests, so they see the previous version or the new
 * one. Retention runs after the pointer moved and deletes a manifest before its files.
 */
final class S3PublicationStore implements PublicationStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3PublicationStore.class);
  private static final String JSON = "application/json";
  private static final int MAX_ATTEMPTS = 100;
  /** One monitor per location, shared by every store of this JVM that publishes there. */
  private static final ConcurrentMap<String, Object> COMMIT_LOCKS = new ConcurrentHashMap<>();
  /** Unreferenced staging directories younger than this may belong to a running writer. */
  static final Duration ORPHAN_GRACE = Duration.ofHours(24);

  /** Settings of a store. */
  public record Settings(String port, S3Ops ops, String prefix, FileFormat format, int partSize,
      long maxFileSize, int uploadConcurrency, boolean uploadChecksums, Retention retention) {
    public Settings {
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(ops, "ops");
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(retention, "retention");
    }
  }

  /** The start of the name of every upload thread; the port's name follows. */
  static final String THREAD_NAME_PREFIX = "dataproduct-s3-upload-";
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Settings settings;
  private final PortCatalog catalog;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final boolean filePerRun;
  private final Clock clock;
  private final S3PublicationStore quarantine;
  private CompletableFuture<Boolean> probe; // guarded by this

  /** The store of an output port, with its quarantine under {@code {prefix}/_quarantine}. */
  public static S3PublicationStore create(Settings s, Clock clock) {
    return new S3PublicationStore(s, newExecutor(s.port()), true, false, clock);
  }

  private S3PublicationStore(Settings s, ExecutorService executor, boolean ownsExecutor,
      boolean filePerRun, Clock clock) {
    this.settings = s;
    this.catalog = new PortCatalog(s.ops(), new Layout(s.prefix()), s.format());
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.filePerRun = filePerRun;
    this.clock = clock;
    this.quarantine = filePerRun ? this : new S3PublicationStore(new Settings(s.port(), s.ops(),
        s.prefix() + "/_quarantine", Formats.jsonLines(), s.partSize(), Long.MAX_VALUE,
        s.uploadConcurrency(), s.uploadChecksums(), Retention.KEEP_ALL), executor, false, true,
        clock);
  }

  /** Names the store's upload threads {@code dataproduct-s3-upload-{port}-{n}}. */
  private static ExecutorService newExecutor(String port) {
    AtomicInteger n = new AtomicInteger();
    // unbounded, but each writer has at most uploadConcurrency uploads and one completion queued
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, THREAD_NAME_PREFIX + port + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    return pool;
  }

  Settings settings() {
    return settings;
  }

  PortCatalog catalog() {
    return catalog;
  }

  ExecutorService executor() {
    return executor;
  }

  /** Whether data files are named after the run ({@code {runId}.jsonl}) and never roll. */
  boolean filePerRun() {
    return filePerRun;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public String type() {
    return "s3";
  }

  @Override
  public PublicationWriter open(WriteContext context) {
    Objects.requireNonNull(context, "context");
    if (executor.isShutdown()) {
      throw new IllegalStateException("The S3 store of port '" + settings.port() + "' ("
          + catalog.uri() + ") is closed; build a new port to publish again");
    }
    context.setAttribute("aws.s3.bucket", settings.ops().bucket());
    // fail fast (missing bucket, no access) before encoding any data
    catalog.pointer();
    probe(); // answered while the data is encoded, not after it
    return new S3PublicationWriter(this, context);
  }

  @Override
  public List<Publication> publications() {
    return catalog.visible().stream().map(m -> catalog.publication(m, settings.port()))
        .collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Optional<Publication> latest() {
    return catalog.latest().map(m -> catalog.publication(m, settings.port()));
  }

  @Override
  public Optional<Publication> publication(long id) {
    return catalog.visible(id).map(m -> catalog.publication(m, settings.port()));
  }

  @Override
  public BatchReader read(Publication publication, Schema schema, int batchSize) {
    Objects.requireNonNull(publication, "publication");
    Objects.requireNonNull(schema, "schema");
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size must be >= 1, was " + batchSize);
    }
    Manifest m = catalog.visible(publication.id()).orElseThrow(() -> new DataProductException(
        "Publication " + publication.id() + " of " + catalog.uri() + " does not exist (any"
            + " more); retained publications are " + catalog.visible().stream()
                .map(Manifest::id).collect(Collectors.toList())));
    return catalog.read(m, schema, batchSize);
  }

  /**
   * Where a read goes: {@code aws.s3.bucket} and the {@code aws.s3.key} of the publication's
   * manifest, the object a reader starts from (the same key the write span ends with).
   */
  @Override
  public Map<String, String> readAttributes(Publication publication) {
    return Map.of("aws.s3.bucket", settings.ops().bucket(),
        "aws.s3.key", catalog.layout().manifestKey(publication.id()));
  }

  @Override
  public Optional<DataContract> contractOf(Publication publication) {
    return catalog.visible(publication.id()).map(Manifest::contract);
  }

  /**
   * The port's objects as its ODCS schema object: {@code physicalName} the key prefix, {@code
   * physicalType: file} (each publication is data files under it), and per field how the format
   * writes it (JSON Lines {@code number}, CSV {@code text (decimal)}, Parquet {@code INT64}).
   */
  @Override
  public Optional<PhysicalSchema> physicalSchema(Schema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    for (Field f : schema.fields()) {
      settings.format().physicalType(f).ifPresent(t -> types.put(f.name(), t));
    }
    return Optional.of(PhysicalSchema.of(catalog.layout().prefix(), "file", types));
  }

  /** {@code s3://{bucket}} and the port's key prefix: the OpenLineage name of the objects. */
  @Override
  public Optional<LineageDataset> lineageDataset() {
    return Optional.of(S3Ports.lineageDataset(settings.ops().bucket(),
        catalog.layout().prefix()));
  }

  /**
   * The ODCS server of the port: {@code type: s3}, {@code location} ({@code s3://bucket/prefix};
   * readers follow its {@code _latest} pointer and manifests, never a listing), {@code format}
   * ({@code json} with {@code delimiter: new_line} for JSON Lines, {@code csv}, or the format's
   * name) and, for S3-compatible servers, the client's {@code endpointUrl}.
   */
  @Override
  public Map<String, Object> server() {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("type", "s3");
    server.put("location", catalog.uri());
    String format = settings.format().name();
    if (format.equals(Formats.jsonLines().name())) {
      server.put("format", "json");
      server.put("delimiter", "new_line");
    } else {
      server.put("format", format);
    }
    settings.ops().endpoint().ifPresent(e -> server.put("endpointUrl", e.toString()));
    return server;
  }

  @Override
  public PublicationStore quarantine() {
    return quarantine;
  }

  /**
   * Shuts down the upload threads this store started (its quarantine shares them) and waits up
   * to ten seconds for uploads still running to end. The {@code S3Client} is the user's: it is
   * never closed. Idempotent.
   */
  @Override
  public void close() {
    if (!ownsExecutor || executor.isShutdown()) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Uploads of port '{}' still running {} s after close; they end in the"
            + " background", settings.port(), CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public dev.dataproduct.spi.ValueDomain valueDomain() {
    return settings.format().valueDomain();
  }

  @Override
  public String toString() {
    return "S3PublicationStore{" + catalog.uri() + ", " + settings.format().name() + "}";
  }

  // -------------------------------------------------------------------------------------------
  // commit

  /**
   * Claims the next id for {@code draft}, moves the pointer to it, then applies retention.
   *
   * <p>Commits to one location ({@code s3://bucket/prefix}) are serialized within this JVM, also
   * across port instances: the server's conditional writes then only have to arbitrate between
   * processes. That matters where they are not atomic: S3Proxy 4.1.0 lets two of several
   * concurrent {@code If-Match} replaces with one ETag succeed, which could move the pointer back
   * below a publication just made visible. The pointer is read here, after the lock, never
   * earlier: a pointer read long before could name an id retention has deleted since.
   *
   * @param writer told when the outcome is unknown, so that its abort keeps the data files
   */
  Publication commit(Manifest draft, S3PublicationWriter writer) {
    Manifest m;
    synchronized (COMMIT_LOCKS.computeIfAbsent(catalog.uri(), uri -> new Object())) {
      m = claimAndPoint(draft, writer);
    }
    sweep();
    return catalog.publication(m, settings.port());
  }

  private Manifest claimAndPoint(Manifest draft, S3PublicationWriter writer) {
    S3Ops ops = settings.ops();
    Layout layout = catalog.layout();
    boolean conditional = conditionalWrites();
    Optional<PortCatalog.PointerState> pointer = catalog.pointer();
    long id = pointer.map(p -> p.pointer().id() + 1).orElse(1L);
    Manifest m;
    int attempts = 0;
    while (true) {
      m = draft.withId(id);
      String key = layout.manifestKey(id);
      byte[] body = ManifestCodec.write(m);
      boolean claimed;
      try {
        if (conditional) {
          claimed = ops.put(key, body, JSON, S3Ops.Condition.ABSENT, null).isPresent();
        } else {
          // best effort only: without conditional writes two writers can take the same id
          claimed = ops.get(key).isEmpty()
              && ops.put(key, body, JSON, S3Ops.Condition.NONE, null).isPresent();
        }
      } catch (RuntimeException e) {
        claimed = claimedDespite(e, key, body, writer);
      }
      if (claimed) {
        break;
      }
      if (++attempts >= MAX_ATTEMPTS) {
        throw new DataProductException("Could not claim a publication id on " + catalog.uri()
            + " after " + attempts + " attempts (last tried " + id + "): too many concurrent"
            + " writers on one port");
      }
      List<Long> higher = catalog.manifestIds(id);
      id = Math.max(id + 1, higher.isEmpty() ? 0 : higher.get(higher.size() - 1) + 1);
    }
    try {
      movePointer(m, pointer, conditional);
    } catch (RuntimeException e) {
      if (!pointerCovers(m, writer, e)) {
        throw e;
      }
    }
    catalog.remember(m); // visible now, and never changes again
    return m;
  }

  /**
   * The manifest PUT failed without an answer we can trust (a timeout may hide a success). The
   * manifest is ours when it now exists with our bytes; when it is absent, nothing references
   * the data and the failure stands; when that cannot be checked, the data files must stay.
   */
  private boolean claimedDespite(RuntimeException failure, String key, byte[] body,
      S3PublicationWriter writer) {
    Optional<S3Ops.Blob> now;
    try {
      now = settings.ops().get(key);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      writer.keepData();
      throw new CommitOutcomeUnknownException("Claiming " + settings.ops().uri(key)
          + " failed and whether"
          + " it was written is unknown, so the staged data files of this publication are kept"
          + " (retention removes them while no manifest references them): "
          + failure.getMessage(), vendorCode(failure), failure);
    }
    if (now.isPresent() && java.util.Arrays.equals(now.get().bytes(), body)) {
      return true;
    }
    if (now.isPresent()) {
      return false; // another writer's: try the next id
    }
    throw failure;
  }

  private void movePointer(Manifest m, Optional<PortCatalog.PointerState> first,
      boolean conditional) {
    S3Ops ops = settings.ops();
    String key = catalog.layout().pointerKey();
    byte[] body = ManifestCodec.writePointer(new ManifestCodec.Pointer(m.id(),
        catalog.layout().path(catalog.layout().manifestKey(m.id())), m.committedAt()));
    Optional<PortCatalog.PointerState> current = first;
    for (int attempt = 1; ; attempt++) {
      if (current.isPresent() && current.get().pointer().id() >= m.id()) {
        return; // another writer moved the pointer past this id: it is visible already
      }
      Optional<String> etag;
      if (!conditional) {
        etag = ops.put(key, body, JSON, S3Ops.Condition.NONE, null);
      } else if (current.isPresent()) {
        etag = ops.put(key, body, JSON, S3Ops.Condition.UNCHANGED, current.get().etag());
      } else {
        etag = ops.put(key, body, JSON, S3Ops.Condition.ABSENT, null);
      }
      if (etag.isPresent()) {
        return;
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new DataProductException("Could not move " + ops.uri(key) + " to publication "
            + m.id() + " after " + attempt + " attempts: too many concurrent writers");
      }
      current = catalog.pointer();
    }
  }

  /**
   * Moving the pointer failed. Whether the publication is visible decides what happens next: when
   * the pointer covers the claimed id after all (the failed request went through, or another
   * writer moved past it) the commit succeeded; when it does not, the manifest is deleted and the
   * publication never happened; when that cannot be known, the manifest stays (it is complete and
   * becomes visible with the next commit) and so do the data files.
   *
   * @return whether the publication is visible
   */
  private boolean pointerCovers(Manifest m, S3PublicationWriter writer, RuntimeException cause) {
    String key = catalog.layout().manifestKey(m.id());
    try {
      Optional<PortCatalog.PointerState> now = catalog.pointer();
      if (now.isPresent() && now.get().pointer().id() >= m.id()) {
        LOG.warn("Moving the pointer of {} to publication {} failed, but the pointer covers it:"
            + " the publication is visible ({})", catalog.uri(), m.id(), cause.getMessage());
        return true;
      }
      settings.ops().delete(List.of(key));
      return false;
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      writer.keepData();
      throw new CommitOutcomeUnknownException("Publication " + m.id() + " of " + catalog.uri()
          + " could not"
          + " be committed nor rolled back: its complete manifest " + settings.ops().uri(key)
          + " stays and becomes visible with the next commit to this port. Cause: "
          + cause.getMessage(), vendorCode(cause), cause);
    }
  }

  private static String vendorCode(RuntimeException e) {
    return e instanceof StorageException ? ((StorageException) e).vendorCode() : null;
  }

  /**
   * Whether the server honours {@code If-None-Match: *} on PUT, probed once per store: two
   * conditional creates of one probe key must see the second refused with 412. Waits for the
   * probe {@link #open} started; a probe that failed is tried again by the next publication.
   */
  boolean conditionalWrites() {
    try {
      return probe().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new DataProductException("Probing conditional writes on " + catalog.uri()
          + " failed", cause);
    }
  }

  /** The probe of conditional writes: started once, in the background; again after a failure. */
  private synchronized CompletableFuture<Boolean> probe() {
    if (probe == null || probe.isCompletedExceptionally()) {
      probe = CompletableFuture.supplyAsync(this::probeConditionalWrites, executor);
    }
    return probe;
  }

  private boolean probeConditionalWrites() {
    S3Ops ops = settings.ops();
    String key = catalog.layout().key("_probe/" + UUID.randomUUID());
    byte[] body = "conditional-write probe".getBytes(StandardCharsets.UTF_8);
    boolean supported;
    try {
      ops.put(key, body, "text/plain", S3Ops.Condition.ABSENT, null);
      supported = ops.put(key, body, "text/plain", S3Ops.Condition.ABSENT, null).isEmpty();
    } catch (StorageException e) {
      if (!isUnsupported(S3Errors.statusCode(e))) {
        throw e;
      }
      supported = false;
    } finally {
      try {
        ops.delete(List.of(key));
      } catch (RuntimeException e) {
        LOG.debug("Could not delete the probe object {}", ops.uri(key), S3Errors.sanitize(e));
      }
    }
    if (!supported) {
      LOG.warn("The S3 endpoint of bucket '{}' ignores conditional writes (If-None-Match,"
          + " If-Match): publications to {} are safe with one writer at a time only; two"
          + " concurrent writers could take the same publication id", ops.bucket(),
          catalog.uri());
    }
    return supported;
  }

  private static boolean isUnsupported(int statusCode) {
    return statusCode == 501 || statusCode == 400;
  }

  // -------------------------------------------------------------------------------------------
  // retention

  /** Applies retention after a commit. Best effort: a failure is logged, never thrown. */
  void sweep() {
    Retention retention = settings.retention();
    if (retention.keepsAll()) {
      return;
    }
    try {
      expire(retention);
      removeOrphans();
    } catch (RuntimeException e) {
      LOG.warn("Retention ({}) on {} failed; it is retried after the next commit: {}",
          retention, catalog.uri(), e.getMessage(), e);
    }
  }

  private void expire(Retention retention) {
    List<Manifest> visible = catalog.visible();
    List<Long> expired = retention.expired(visible, clock.instant());
    S3Ops ops = settings.ops();
    Layout layout = catalog.layout();
    for (Manifest m : visible) {
      if (!expired.contains(m.id())) {
        continue;
      }
      // the manifest first: once it is gone no reader starts on the files
      ops.delete(List.of(layout.manifestKey(m.id())));
      catalog.evict(m.id());
      List<String> keys = new ArrayList<>();
      for (DataFile f : m.files()) {
        keys.add(layout.key(f.path()));
      }
      ops.delete(keys);
      LOG.debug("Retention ({}) removed publication {} of {}", retention, m.id(), catalog.uri());
    }
  }

  /**
   * Deletes staging directories no manifest references that are older than {@link
   * #ORPHAN_GRACE} (left by writers that died before committing or aborting), and multipart
   * uploads under {@code data/} started before that.
   */
  private void removeOrphans() {
    if (filePerRun) {
      return;
    }
    S3Ops ops = settings.ops();
    Layout layout = catalog.layout();
    Instant cutoff = clock.instant().minus(ORPHAN_GRACE);
    Set<String> referenced = new HashSet<>();
    for (long id : catalog.manifestIds(0)) {
      catalog.manifest(id, false).ifPresent(m -> m.files().forEach(f -> {
        int slash = f.path().lastIndexOf('/');
        referenced.add(layout.key(f.path().substring(0, slash + 1)));
      }));
    }
    for (String dir : ops.listDirectories(layout.dataPrefix())) {
      String name = dir.substring(layout.dataPrefix().length(), dir.length() - 1);
      Instant created = Layout.stagingTime(name);
      if (created == null || !created.isBefore(cutoff) || referenced.contains(dir)) {
        continue;
      }
      List<String> keys = ops.list(dir, null).stream().map(S3Object::key)
          .collect(Collectors.toList());
      ops.delete(keys);
      LOG.info("Removed {} files of an abandoned publication under {}", keys.size(),
          ops.uri(dir));
    }
    for (MultipartUpload u : ops.uploads(layout.dataPrefix())) {
      if (u.initiated() != null && u.initiated().isBefore(cutoff)) {
        ops.abortUpload(u.key(), u.uploadId());
        LOG.info("Aborted an abandoned multipart upload of {}", ops.uri(u.key()));
      }
    }
  }
}
