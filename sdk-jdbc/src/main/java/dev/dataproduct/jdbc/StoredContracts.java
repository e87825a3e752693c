package dev.dataproduct.jdbc;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;

/**
 * The contract a publication was checked against, as the publication log stores it: an ODCS
 * v3.1.0 YAML document ({@link DataContracts#toYaml}), readable by any ODCS tool. Reading it back
 * gives an equal contract, except that custom predicates (Java code) come back as placeholders
 * that refuse to run: a stored contract is for comparison (the compatibility gate), not
 * enforcement.
 */
final class StoredContracts {
  private StoredContracts() {}

  /** The contract as ODCS YAML. */
  static String write(DataContract contract) {
    return DataContracts.toYaml(contract);
  }

  /**
   * Reads a contract written by {@link #write}.
   *
   * @param source where the text comes from, named in the error
   * @throws DescriptorException naming the source, the path and the problem when it cannot be
   *     read
   */
  static DataContract read(String yaml, String source) {
    return DataContracts.reader().fromYaml(yaml, source);
  }
}
