package dev.dataproduct.iceberg;

import dev.dataproduct.spi.DistributedWrite;
import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * What one worker wrote of a distributed publication: its data files (Iceberg's serializable
 * {@code DataFile} metadata, with row counts and column statistics) and their paths.
 */
record IcebergPart(List<DataFile> files, List<String> paths, long rows, long bytes)
    implements DistributedWrite.Part {
  private static final long serialVersionUID = 1L;

  IcebergPart {
    files = List.copyOf(files);
    paths = List.copyOf(paths);
  }
}
