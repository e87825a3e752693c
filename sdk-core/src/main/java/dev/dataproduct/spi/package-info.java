/**
 * What a storage adapter implements. An adapter provides a {@link
 * dev.dataproduct.spi.PublicationStore} for output ports and an {@link dev.dataproduct.InputPort}
 * for inputs; the core wraps both with schema conformance, quality rules, access policy, row
 * accounting, spans and meters, so an adapter writes none of that.
 *
 * <p>The publication protocol: {@link dev.dataproduct.spi.PublicationStore#open} returns a
 * {@link dev.dataproduct.spi.PublicationWriter}; the core calls {@code write(batch)} any number
 * of times, then exactly one of {@code commit()} (the publication becomes visible atomically and
 * gets the next id) or {@code abort()} (nothing of it is ever visible to readers).
 */
package dev.dataproduct.spi;
