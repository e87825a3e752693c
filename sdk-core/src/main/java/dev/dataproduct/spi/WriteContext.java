package dev.dataproduct.spi;

import dev.dataproduct.contract.DataContract;

/**
 * What the runtime hands a {@link PublicationStore} when a run opens a publication. Adapters may
 * add span attributes through {@link #setAttribute}.
 */
public interface WriteContext {

  /** The product being run. */
  String productName();

  /** The product's version. */
  String productVersion();

  /** The output port being written. */
  String portName();

  /** The id of the run, unique per {@code run()}. */
  String runId();

  /**
   * The contract every row written was checked against. Stores record its version, and keep it
   * whole for {@link PublicationStore#contractOf}: it carries, in its custom property {@value
   * dev.dataproduct.contract.PublishedAccess#PROPERTY}, who published and the access policies in
   * force, which products reading the publication from storage decide access with.
   */
  DataContract contract();

  /**
   * Adds an attribute to the write span. Never throws. Keys in the SDK's own {@code dataproduct.}
   * namespace are ignored: the core's attributes cannot be overwritten.
   */
  void setAttribute(String key, String value);
}
