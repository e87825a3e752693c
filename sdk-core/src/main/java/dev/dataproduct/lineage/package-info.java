/**
 * OpenLineage run events for data product runs: {@link
 * dev.dataproduct.lineage.OpenLineageEmitter}, a {@link dev.dataproduct.RunListener} that sends
 * START and COMPLETE/FAIL events through a {@link dev.dataproduct.lineage.LineageTransport}
 * (JSON-lines file, HTTP; memory with sdk-testing) without ever blocking or failing a run.
 *
 * <p>Its own package rather than part of {@code dev.dataproduct.contract}: lineage is a runtime
 * integration (a listener, a background thread, transports) while the contract package is the
 * static model of contracts and their documents; products that never emit lineage never touch
 * it. Events are built with Jackson's tree model (the OpenLineage Java client would be a new
 * compile dependency of sdk-core).
 */
package dev.dataproduct.lineage;
