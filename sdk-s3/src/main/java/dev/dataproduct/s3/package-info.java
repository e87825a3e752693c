/**
 * S3 input and output ports on the AWS SDK for Java v2: {@link dev.dataproduct.s3.S3OutputPort}
 * publishes a product's rows as data files plus a manifest, {@link dev.dataproduct.s3.S3InputPort}
 * reads another product's publications (or raw files), {@link dev.dataproduct.format.FileFormat} and
 * {@link dev.dataproduct.format.Formats} say how rows become bytes.
 *
 * <h2>Layout of a port's prefix</h2>
 *
 * <pre>
 * {prefix}/data/{staging}/part-00000.jsonl     data files, one directory per publication
 * {prefix}/data/{staging}/part-00001.jsonl     (a file rolls over at maxFileSize)
 * {prefix}/manifests/00000000000000000007.json one manifest per committed publication
 * {prefix}/_latest                             pointer to the newest manifest
 * {prefix}/_quarantine/{runId}.jsonl           rejected rows of a run, with rule id and reason
 * {prefix}/_quarantine/manifests/..., _latest  (the quarantine is a publication store too)
 * </pre>
 *
 * <p>A manifest lists the publication's files (path, rows, bytes, CRC32C, ETag), its row and byte
 * counts, the run id, the product and its version, the commit time, the file format, and the
 * contract the rows were checked against (id, version, schema, rules). Publication ids are
 * zero-padded in the key so that listing returns them in order. The staging directory is named
 * {@code yyyyMMdd'T'HHmmss'Z'-random} when the writer opens, because the id is only claimed at
 * commit.
 *
 * <h2>Commit protocol</h2>
 *
 * <ol>
 *   <li><b>Data.</b> The port's encoder thread turns the batches the run hands over (at most 4
 *       waiting) into the current data file; every full part (8 MiB by default) is uploaded
 *       with multipart upload (created when the first part is full, on an upload thread),
 *       with its CRC32C for S3 to verify, while the next part is encoded, with at most {@code
 *       uploadConcurrency} parts in flight. A file smaller than one
 *       part is sent with a single PUT. Nothing under {@code data/} is ever read without a
 *       manifest, so staged files are invisible.
 *   <li><b>Manifest.</b> At commit, once every file is complete, the writer reads {@code
 *       _latest} (id {@code n}) and creates {@code manifests/{n+1}.json} with {@code
 *       If-None-Match: *}. If the server answers 412 (another writer took that id, or a writer
 *       died after writing its manifest), it lists the manifests above and tries the next free
 *       id. Ids are therefore unique and increase in the order writers claim them.
 *   <li><b>Pointer, last.</b> The writer replaces {@code _latest} with {@code If-Match} on the
 *       ETag it read (or {@code If-None-Match: *} for the first publication). On 412 it re-reads
 *       the pointer: if another writer already moved it to this id or beyond, the publication is
 *       visible and the commit is done; otherwise it retries.
 * </ol>
 *
 * <p>Readers see exactly the manifests whose id is at most the pointer's: a crash before step 2
 * leaves the previous version (plus unreferenced staged files); a crash between steps 2 and 3
 * leaves the previous version, and the complete, orphaned manifest becomes visible with the next
 * commit to the port (which claims the id after it). A failed pointer update deletes the
 * claimed manifest when the pointer is known not to cover it. {@code abort()} waits for the
 * uploads in flight, aborts open multipart uploads and deletes completed staged files.
 *
 * <h2>Servers without conditional writes</h2>
 *
 * AWS S3 honours {@code If-None-Match} on PUT (since August 2024) and {@code If-Match} (since
 * November 2024), as do S3Proxy (4.1.0, checked by this module's tests) and recent MinIO. The
 * port probes the endpoint once per store with two conditional creates of one key, in the
 * background while its first publication is encoded. Where the
 * server ignores the headers (or rejects them with 400/501), the port logs a warning and
 * commits without them: one writer at a time stays correct, but two concurrent writers could
 * then claim the same id and the later manifest would replace the earlier one. Serialize runs
 * of a product yourself on such servers.
 *
 * <p>Within one JVM the port serializes the claim and the pointer move of every commit to the
 * same location, whatever the port instance, so the server arbitrates between processes only.
 * That also covers servers whose conditional writes are not atomic: S3Proxy 4.1.0 refuses a
 * second {@code If-None-Match} create reliably, but lets several concurrent {@code If-Match}
 * replaces with one ETag succeed (89 of 200 trials with four racing writers here), which could
 * move the pointer back below a publication just made visible. Writers in separate processes
 * against such a server are not safe; against AWS S3 they are.
 *
 * <h2>Retention</h2>
 *
 * {@code retainLast(n)} and {@code retainFor(age)} (or the contract's retention) apply after
 * each commit, once the pointer has moved: an expired publication's manifest is deleted first
 * (no reader starts on it afterwards), then its files. They count per contract major version
 * (the newest {@code n} of each major), and the newest publication of each major is always kept:
 * a new major published side by side never expires what readers pinned to the old major read.
 * A reader still streaming an expired publication fails on its missing files, so keep enough
 * versions for your slowest consumer. The same sweep deletes staging directories no manifest
 * references that are more than 24 hours old, and aborts multipart uploads under {@code data/}
 * started more than 24 hours ago (writers that died). Also configure the bucket lifecycle rule
 * {@code AbortIncompleteMultipartUpload} for ports without retention.
 *
 * <h2>Raw files</h2>
 *
 * {@code S3InputPort.files(...)} reads the objects under a prefix whose key ends with the suffix
 * (by default the format's extension) or with the suffix plus {@code .gz}. Objects ending with
 * {@code .gz}, or stored with {@code Content-Encoding: gzip}, are decompressed while they stream
 * ({@link java.util.zip.GZIPInputStream}, multi-member files included, memory bounded); a
 * truncated or corrupt one fails the read with a {@link dev.dataproduct.DataProductException}
 * naming the object. A record the format cannot read as a row (a line that is not one JSON
 * object, a CSV record with the wrong number of fields) fails the read too, naming the object and
 * line, unless the port is built with {@code onMalformed(Action.QUARANTINE)}: then the
 * record goes to the run's input quarantine under the rule {@code malformed}, with its text, and
 * the read goes on.
 *
 * <h2>Integrity</h2>
 *
 * Every data file's CRC32C and size is recorded in its manifest and verified while the file
 * streams; a mismatch fails the read with a {@link dev.dataproduct.StorageException} naming the
 * object. Rows of a file are handed on before its end (where the checksum is known), so a
 * consumer may have seen rows of a corrupted file before the read fails: a product run that
 * reads it fails and publishes nothing.
 */
package dev.dataproduct.s3;
