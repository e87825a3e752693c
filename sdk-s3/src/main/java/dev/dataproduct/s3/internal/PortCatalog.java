package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What is published under one port prefix, as readers see it: the {@code _latest} pointer and
 * the manifests it makes visible (every manifest whose id is at most the pointer's). Used by the
 * output port's store and by {@code S3InputPort.product}. Thread-safe; caches visible manifests,
 * which never change.
 */
final class PortCatalog {
  private static final int CACHE_SIZE = 1024;

  private final S3Ops ops;
  private final Layout layout;
  private final FileFormat preferredFormat;
  private final Map<Long, Manifest> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Manifest> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  /**
   * @param preferredFormat the format tried first for a manifest's format name (a port's own,
   *     possibly not built in); null for the built-in ones only
   */
  public PortCatalog(S3Ops ops, Layout layout, FileFormat preferredFormat) {
    this.ops = ops;
    this.layout = layout;
    this.preferredFormat = preferredFormat;
  }

  public S3Ops ops() {
    return ops;
  }

  public Layout layout() {
    return layout;
  }

  /** {@code s3://bucket/prefix}. */
  public String uri() {
    return "s3://" + ops.bucket() + "/" + layout.prefix();
  }

  /** The port's OpenLineage dataset: {@code s3://{bucket}} and the key prefix. */
  LineageDataset lineageDataset() {
    return S3Ports.lineageDataset(ops.bucket(), layout.prefix());
  }

  /** The pointer and its ETag. */
  public record PointerState(ManifestCodec.Pointer pointer, String etag) {}

  /** The current pointer, if any publication was ever committed. */
  public Optional<PointerState> pointer() {
    String key = layout.pointerKey();
    return ops.get(key).map(b -> new PointerState(
        ManifestCodec.readPointer(b.bytes(), ops.uri(key)), b.etag()));
  }

  /** The manifest with this id, if it exists (visible or not). */
  public Optional<Manifest> manifest(long id, boolean visible) {
    Manifest m = cache.get(id);
    if (m != null) {
      return Optional.of(m);
    }
    String key = layout.manifestKey(id);
    Optional<Manifest> read = ops.get(key).map(b -> ManifestCodec.read(b.bytes(), ops.uri(key)));
    if (visible) {
      read.ifPresent(x -> cache.put(id, x));
    }
    return read;
  }

  /** Caches a manifest known to be visible. */
  void remember(Manifest m) {
    cache.put(m.id(), m);
  }

  /** Forgets a manifest (retention deleted it). */
  void evict(long id) {
    cache.remove(id);
  }

  /** The ids of every manifest present, ascending, greater than {@code after} (0 for all). */
  public List<Long> manifestIds(long after) {
    String startAfter = after > 0 ? layout.manifestKey(after) : null;
    List<Long> ids = new ArrayList<>();
    for (S3Object o : ops.list(layout.manifestsPrefix(), startAfter)) {
      long id = layout.manifestId(o.key());
      if (id > 0) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** The visible publications, ascending. */
  public List<Manifest> visible() {
    Optional<PointerState> p = pointer();
    if (p.isEmpty()) {
      return List.of();
    }
    long latest = p.get().pointer().id();
    List<Manifest> out = new ArrayList<>();
    for (long id : manifestIds(0)) {
      if (id > latest) {
        break;
      }
      // a manifest listed but deleted since (retention) is simply gone
      manifest(id, true).ifPresent(out::add);
    }
    return out;
  }

  /** The newest visible publication. */
  public Optional<Manifest> latest() {
    Optional<PointerState> p = pointer();
    if (p.isEmpty()) {
      return Optional.empty();
    }
    long id = p.get().pointer().id();
    return Optional.of(manifest(id, true).orElseThrow(() -> new DataProductException(uri()
        + "/_latest points to publication " + id + ", whose manifest "
        + ops.uri(layout.manifestKey(id)) + " does not exist; it was deleted by hand")));
  }

  /** The visible publication with this id. */
  public Optional<Manifest> visible(long id) {
    Optional<PointerState> p = pointer();
    if (p.isEmpty() || id > p.get().pointer().id()) {
      return Optional.empty();
    }
    return manifest(id, true);
  }

  /** Where a publication's manifest lives: {@code s3://bucket/prefix/manifests/...json}. */
  public String location(long id) {
    return ops.uri(layout.manifestKey(id));
  }

  /** The publication of a manifest, under the given port name. */
  public Publication publication(Manifest m, String portName) {
    return m.publication(portName, location(m.id()));
  }

  /** The format a manifest's files were written in. */
  public FileFormat format(Manifest m) {
    if (preferredFormat != null && preferredFormat.name().equals(m.format())) {
      return preferredFormat;
    }
    return Formats.byName(m.format()).orElseThrow(() -> new DataProductException("Publication "
        + m.id() + " of " + uri() + " was written in format '" + m.format()
        + "', which this reader does not know; configure a FileFormat named '" + m.format()
        + "'"));
  }

  /** Reads a publication's rows, bound to {@code schema}, verifying every file. */
  public BatchReader read(Manifest m, Schema schema, int batchSize) {
    List<ObjectsReader.Source> sources = new ArrayList<>(m.files().size());
    for (DataFile f : m.files()) {
      sources.add(new ObjectsReader.Source(layout.key(f.path()), f.bytes(), f.crc32c(),
          f.rows()));
    }
    return new ObjectsReader(ops, sources, format(m), schema, batchSize,
        "publication " + m.id() + " of " + uri());
  }
}
