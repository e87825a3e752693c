/**
 * File formats every storage adapter can use: how rows become the bytes of a data file (or of one
 * message) and back. {@link dev.dataproduct.format.FileFormat} is the interface, {@link
 * dev.dataproduct.format.Formats} has the built-in ones (JSON Lines, CSV) and finds formats that
 * live in optional modules (Parquet in {@code sdk-parquet}), and {@link
 * dev.dataproduct.format.MalformedRecordException} is the one record of a file a decoder could not
 * read as a row and skipped.
 *
 * <pre>{@code
 * FileFormat format = Formats.jsonLines();
 * try (OutputStream out = Files.newOutputStream(file)) {
 *   FileFormat.Encoder encoder = format.encoder(schema, out);
 *   for (Row row : rows) {
 *     encoder.write(row);
 *   }
 *   encoder.finish();                 // hands every byte to out; never closes it
 * }
 * try (FileFormat.Decoder decoder = format.decoder(schema, Files.newInputStream(file), "file:" + file)) {
 *   for (Row row = decoder.next(); row != null; row = decoder.next()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The encoders write the canonical Java values of a row's schema exactly (decimals in plain
 * notation, dates and timestamps as ISO-8601, UTC); the decoders convert the canonical encodings
 * back and keep any other value as it came, so that the core's schema conformance quarantines it
 * with a reason naming the field instead of losing it. Messages of the decoders name the source
 * and the line but never quote the data. The implementation classes of this package are
 * package-private: an adapter sees only the interface. A format of an optional module is
 * registered as a {@link java.util.ServiceLoader} provider of {@code FileFormat} and found by
 * {@link dev.dataproduct.format.Formats#byName(String)}, which is how a store reads an old
 * publication in the format its manifest names.
 */
package dev.dataproduct.format;
