package dev.dataproduct;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One committed, immutable version of an output port's data.
 *
 * @param port the output port name
 * @param id monotonic per port, starting at 1
 * @param runId the run that published it
 * @param rows the number of rows
 * @param bytes the number of bytes written, or -1 when the storage does not know
 * @param contractVersion the version of the contract the rows were checked against
 * @param committedAt when the publication became visible
 * @param location where it lives (table name, object key of the manifest, ...)
 */
public record Publication(
    String port,
    long id,
    String runId,
    long rows,
    long bytes,
    String contractVersion,
    Instant committedAt,
    String location) {

  public Publication {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(contractVersion, "contractVersion");
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(location, "location");
    if (id < 1) {
      throw new IllegalArgumentException("Publication id must be >= 1, was " + id);
    }
    if (rows < 0) {
      throw new IllegalArgumentException("Row count must be >= 0, was " + rows);
    }
  }

  /** The byte count, when the storage knows it. */
  public OptionalLong byteCount() {
    return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
  }

  /** The major version of {@link #contractVersion()}. */
  public int contractMajor() {
    return SemanticVersion.parse(contractVersion).major();
  }
}
