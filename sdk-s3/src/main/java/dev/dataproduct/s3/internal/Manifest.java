package dev.dataproduct.s3.internal;

import dev.dataproduct.Publication;
import dev.dataproduct.contract.DataContract;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a committed publication consists of. Written once, never changed; readers follow only
 * manifests.
 *
 * @param port the output port that published it
 * @param id the publication id
 * @param runId the run that published it
 * @param product the product's name
 * @param productVersion the product's version
 * @param committedAt when it was committed
 * @param format the {@code FileFormat} name of its files
 * @param rows rows in all files
 * @param bytes bytes of all files
 * @param contract the contract every row was checked against
 * @param files the data files, in order
 */
record Manifest(String port, long id, String runId, String product, String productVersion,
    Instant committedAt, String format, long rows, long bytes, DataContract contract,
    List<DataFile> files) {

  /** The manifest format this code writes; readers accept it and older ones. */
  public static final int FORMAT_VERSION = 1;

  public Manifest {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(contract, "contract");
    files = List.copyOf(files);
  }

  /** The same manifest under another id (claiming an id may take a few attempts). */
  public Manifest withId(long newId) {
    return new Manifest(port, newId, runId, product, productVersion, committedAt, format, rows,
        bytes, contract, files);
  }

  /** The publication this manifest describes, for a port of the given name. */
  public Publication publication(String portName, String location) {
    return new Publication(portName, id, runId, rows, bytes, contract.version().toString(),
        committedAt, location);
  }
}
