/**
 * Data contracts and their documents: {@link dev.dataproduct.contract.DataContract} (what an
 * output port promises), {@link dev.dataproduct.contract.DataContracts} (ODCS v3.1.0 YAML out,
 * ODCS v3.0.0 to v3.1.0 in), {@link dev.dataproduct.contract.DataProductDescriptor} (ODPS),
 * {@link dev.dataproduct.contract.Compatibility} (breaking-change classification; as a command
 * line in the {@code sdk-cli} module), {@link dev.dataproduct.contract.RowChecker} (rows checked
 * as a run checks them) and the {@link dev.dataproduct.contract.Glossary} of shared terms.
 */
package dev.dataproduct.contract;
