package dev.dataproduct;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a consumer reads through an output port: the latest publication (optionally of one
 * contract major version) or a given one, which columns, and in which batch size.
 *
 * <pre>{@code
 * ReadOptions.latest();                        // newest publication
 * ReadOptions.latest().contractMajor(1);       // newest one checked against a 1.x contract
 * ReadOptions.publication(7).columns("day", "country");
 * }</pre>
 */
public final class ReadOptions {
  /** Rows per batch when none is given. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  private final Long publicationId;
  private final Integer contractMajor;
  private final List<String> columns;
  private final int batchSize;

  private ReadOptions(Long publicationId, Integer contractMajor, List<String> columns,
      int batchSize) {
    this.publicationId = publicationId;
    this.contractMajor = contractMajor;
    this.columns = columns;
    this.batchSize = batchSize;
  }

  /** The newest committed publication. */
  public static ReadOptions latest() {
    return new ReadOptions(null, null, List.of(), DEFAULT_BATCH_SIZE);
  }

  /** The publication with the given id (ids are monotonic per port, starting at 1). */
  public static ReadOptions publication(long id) {
    if (id < 1) {
      throw new IllegalArgumentException("Publication ids start at 1, was " + id);
    }
    return new ReadOptions(id, null, List.of(), DEFAULT_BATCH_SIZE);
  }

  /** Only publications checked against a contract of this major version. */
  public ReadOptions contractMajor(int major) {
    if (major < 0) {
      throw new IllegalArgumentException("Major version must be >= 0, was " + major);
    }
    return new ReadOptions(publicationId, major, columns, batchSize);
  }

  /** Only these columns, in this order (all when none is given). */
  public ReadOptions columns(String... columns) {
    return new ReadOptions(publicationId, contractMajor, List.of(columns), batchSize);
  }

  public ReadOptions batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size must be >= 1, was " + batchSize);
    }
    return new ReadOptions(publicationId, contractMajor, columns, batchSize);
  }

  public OptionalLong publicationId() {
    return publicationId == null ? OptionalLong.empty() : OptionalLong.of(publicationId);
  }

  public OptionalInt contractMajor() {
    return contractMajor == null ? OptionalInt.empty() : OptionalInt.of(contractMajor);
  }

  public List<String> columns() {
    return columns;
  }

  public int batchSize() {
    return batchSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ReadOptions)) {
      return false;
    }
    ReadOptions r = (ReadOptions) o;
    return Objects.equals(publicationId, r.publicationId)
        && Objects.equals(contractMajor, r.contractMajor)
        && columns.equals(r.columns)
        && batchSize == r.batchSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(publicationId, contractMajor, columns, batchSize);
  }

  @Override
  public String toString() {
    return "ReadOptions{" + (publicationId == null ? "latest" : "publication=" + publicationId)
        + (contractMajor == null ? "" : ", contractMajor=" + contractMajor)
        + (columns.isEmpty() ? "" : ", columns=" + columns) + ", batchSize=" + batchSize + "}";
  }
}
