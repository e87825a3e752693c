package dev.dataproduct.iceberg;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.Publication;
import dev.dataproduct.spi.DistributedWrite;
import dev.dataproduct.spi.WriteContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * One publication whose data files workers write ({@link IcebergPartWriters}, shipped with a
 * {@link SerializableTable} copy of the table): the commit adds every file of the parts in one
 * snapshot, through the store's ordinary commit (same summary, contract property, publication id
 * and retention as a publication written in one process). An abort deletes the parts' files and,
 * where the table's {@code FileIO} can list, every file of this publication that a worker wrote
 * but never reported (a task killed after it wrote).
 */
final class IcebergDistributedWrite implements DistributedWrite {
  private final IcebergPublicationStore store;
  private final WriteContext context;
  private final Table table;
  private final Schema fileSchema;
  private final String token = UUID.randomUUID().toString();
  private final IcebergPartWriters parts;
  private boolean ended;

  IcebergDistributedWrite(IcebergPublicationStore store, WriteContext context, Table table,
      Schema fileSchema) {
    this.store = store;
    this.context = context;
    this.table = table;
    this.fileSchema = fileSchema;
    this.parts = new IcebergPartWriters((Table) SerializableTable.copyOf(table), fileSchema,
        filePrefix(), context.portName(), store.isQuarantine(), store.targetFileBytes());
  }

  /** The start of the name of every data file of this publication. */
  private String filePrefix() {
    return "pub-" + context.runId() + "-" + token.substring(0, 8) + "-";
  }

  @Override
  public PartWriters parts() {
    return parts;
  }

  @Override
  public Publication commit(List<Part> parts) {
    if (ended) {
      throw new IllegalStateException("Publication of port '" + context.portName()
          + "' already ended");
    }
    ended = true;
    List<DataFile> files = new ArrayList<>();
    long rows = 0;
    for (Part p : parts) {
      IcebergPart part = (IcebergPart) p;
      files.addAll(part.files());
      rows += part.rows();
    }
    try {
      return store.commit(context, fileSchema, files, rows, token);
    } catch (CommitOutcomeUnknownException e) {
      throw e; // the snapshot may reference the files: they stay
    } catch (RuntimeException e) {
      delete(parts);
      throw e;
    }
  }

  @Override
  public void abort(List<Part> parts) {
    ended = true;
    delete(parts);
  }

  private void delete(List<Part> parts) {
    Set<String> deleted = new HashSet<>();
    for (Part p : parts) {
      for (String path : ((IcebergPart) p).paths()) {
        if (deleted.add(path)) {
          deleteFile(path);
        }
      }
    }
    if (table.io() instanceof SupportsPrefixOperations listing) {
      String dataLocation = table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION,
          table.location() + "/data");
      try {
        for (FileInfo f : listing.listPrefix(dataLocation)) {
          String name = f.location().substring(f.location().lastIndexOf('/') + 1);
          if (name.startsWith(filePrefix()) && deleted.add(f.location())) {
            deleteFile(f.location());
          }
        }
      } catch (java.io.UncheckedIOException e) {
        if (!(e.getCause() instanceof java.io.FileNotFoundException)) {
          store.orphaned(dataLocation + "/" + filePrefix() + "*", e);
        } // else: no data location yet (nothing was ever written to the table), nothing to sweep
      } catch (RuntimeException e) {
        store.orphaned(dataLocation + "/" + filePrefix() + "*", e);
      }
    }
  }

  private void deleteFile(String path) {
    try {
      table.io().deleteFile(path);
    } catch (RuntimeException e) {
      store.orphaned(path, e);
    }
  }
}
