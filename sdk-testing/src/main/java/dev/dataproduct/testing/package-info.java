/**
 * Test a data product in milliseconds: {@link dev.dataproduct.testing.DataProductExtension}
 * (JUnit 5, in-memory OpenTelemetry and Micrometer), in-memory ports ({@link
 * dev.dataproduct.testing.InMemoryInputPort}, {@link dev.dataproduct.testing.InMemoryOutputPort}),
 * row builders ({@link dev.dataproduct.testing.Rows}), AssertJ assertions ({@link
 * dev.dataproduct.testing.DataProductAssertions}) and the adapter test kit: {@link
 * dev.dataproduct.testing.PublicationStoreContract} for stores, {@link
 * dev.dataproduct.testing.ForwardingPublicationStore} to change one behaviour of a real store, and
 * {@link dev.dataproduct.testing.TestReadContext} and {@link
 * dev.dataproduct.testing.TestWriteContext} to drive an input port's reader or a store's writer
 * outside a run.
 */
package dev.dataproduct.testing;
