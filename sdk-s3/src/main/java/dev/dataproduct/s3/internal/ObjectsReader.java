package dev.dataproduct.s3.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.MalformedRecordException;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.spi.BatchReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Streams the rows of a list of objects, one after the other, in batches. When the expected
 * size, CRC32C and row count of a file are known (files of a manifest) they are verified: a
 * mismatch fails the read naming the object, before the next file is opened. Raw files may be
 * gzip-compressed ({@link Gunzip#applies}): they are decompressed while they stream, and invalid
 * gzip fails the read naming the object. Memory is one decoder's buffers (plus one inflater's)
 * and one batch.
 */
final class ObjectsReader implements BatchReader {

  /** An object to read, with what its manifest promises (null/-1 when unknown). */
  record Source(String key, long bytes, String crc32c, long rows) {
    static Source unverified(String key) {
      return new Source(key, -1, null, -1);
    }
  }

  private final S3Ops ops;
  private final List<Source> sources;
  private final FileFormat format;
  private final Schema schema;
  private final int batchSize;
  private final String what;
  private final boolean gunzip;
  private final ReadContext malformed;
  private int nextSource;
  private Source source;
  private ResponseInputStream<GetObjectResponse> raw;
  private Counting in;
  private Gunzip unzipped;
  private FileFormat.Decoder decoder;
  private long rowsInFile;
  private boolean closed;

  /**
   * @param what what is being read, for messages: "publication 7 of s3://lake/sales/revenue"
   */
  ObjectsReader(S3Ops ops, List<Source> sources, FileFormat format, Schema schema, int batchSize,
      String what) {
    this(ops, sources, format, schema, batchSize, what, false, null);
  }

  /**
   * @param gunzip whether to decompress objects whose key ends with {@code .gz} or whose {@code
   *     Content-Encoding} is gzip (raw files; a publication's files are never compressed)
   * @param malformed where records the decoder cannot read as rows go, or null to fail the read
   *     with them (a publication's files are never malformed: they fail, checksum first)
   */
  ObjectsReader(S3Ops ops, List<Source> sources, FileFormat format, Schema schema, int batchSize,
      String what, boolean gunzip, ReadContext malformed) {
    this.gunzip = gunzip;
    this.malformed = malformed;
    this.ops = ops;
    this.sources = List.copyOf(sources);
    this.format = format;
    this.schema = schema;
    this.batchSize = batchSize;
    this.what = what;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    if (closed) {
      return List.of();
    }
    List<Row> batch = new ArrayList<>(Math.min(batchSize, 4096));
    try {
      while (batch.size() < batchSize) {
        if (decoder == null && !openNext()) {
          break;
        }
        Row r = decode();
        if (r == null) {
          endOfFile();
          continue;
        }
        rowsInFile++;
        batch.add(r);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (batch.isEmpty()) {
      close();
      return List.of();
    }
    return batch;
  }

  private boolean openNext() {
    if (nextSource >= sources.size()) {
      return false;
    }
    source = sources.get(nextSource++);
    rowsInFile = 0;
    raw = ops.open(source.key());
    Long length = raw.response().contentLength();
    if (source.bytes() >= 0 && length != null && length != source.bytes()) {
      abortRaw();
      throw integrity(ops.uri(source.key()) + " of " + what + " is " + length
          + " bytes, but its manifest says " + source.bytes()
          + "; the file was replaced or truncated after publication");
    }
    in = new Counting(raw);
    InputStream body = in;
    if (gunzip && Gunzip.applies(source.key(), raw.response().contentEncoding())) {
      body = unzipped = new Gunzip(in);
    }
    try {
      decoder = format.decoder(schema, body, ops.uri(source.key()));
    } catch (IOException e) {
      throw failed(e);
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "GetObject", ops.bucket(), source.key());
    }
    return true;
  }

  private Row decode() {
    try {
      while (true) {
        try {
          return decoder.next();
        } catch (MalformedRecordException e) {
          if (malformed == null) {
            throw e;
          }
          malformed.quarantine(e.getMessage(), e.record()); // and go on with the next record
        }
      }
    } catch (DataProductException | IOException e) {
      // a corrupted file usually breaks the decoder first: report the checksum when it differs
      if (source.crc32c() != null && !(e instanceof StorageException)) {
        String actual = drainAndChecksum();
        if (actual != null && !actual.equals(source.crc32c())) {
          throw checksumMismatch(actual);
        }
      }
      if (e instanceof IOException) {
        throw failed((IOException) e);
      }
      throw (DataProductException) e;
    } catch (SdkException e) {
      throw S3Errors.wrap(e, "GetObject", ops.bucket(), source.key());
    }
  }

  private void endOfFile() {
    String actual = drainAndChecksum();
    if (source.bytes() >= 0 && in.count != source.bytes()) {
      throw integrity(ops.uri(source.key()) + " of " + what + " ended after " + in.count
          + " bytes, but its manifest says " + source.bytes());
    }
    if (source.crc32c() != null && !source.crc32c().equals(actual)) {
      throw checksumMismatch(actual);
    }
    if (source.rows() >= 0 && rowsInFile != source.rows()) {
      throw integrity(ops.uri(source.key()) + " of " + what + " holds " + rowsInFile
          + " rows, but its manifest says " + source.rows());
    }
    closeFile();
  }

  /** Reads the rest of the object through the checksum; null when that fails too. */
  private String drainAndChecksum() {
    try {
      byte[] skip = new byte[8192];
      while (in.read(skip, 0, skip.length) >= 0) {
        // counted and checksummed by the stream
      }
      return in.checksum();
    } catch (IOException | SdkException e) {
      return null;
    }
  }

  private StorageException checksumMismatch(String actual) {
    return integrity("Checksum mismatch in " + ops.uri(source.key()) + " of " + what
        + ": its CRC32C is " + actual + ", its manifest says " + source.crc32c()
        + "; the file was modified or corrupted after publication, so the read stops here");
  }

  private static StorageException integrity(String message) {
    return new StorageException(message, new IOException(message));
  }

  private DataProductException failed(IOException e) {
    if (e instanceof Gunzip.Malformed) {
      // bad input, like malformed JSON: the message describes the problem, never the bytes
      return new DataProductException(ops.uri(source.key()) + " of " + what + " cannot be"
          + " decompressed: " + e.getMessage() + "; replace or remove the object", e);
    }
    return new StorageException("Reading " + ops.uri(source.key()) + " of " + what + " failed: "
        + e.getClass().getSimpleName(), e);
  }

  private void closeFile() {
    if (decoder != null) {
      try {
        decoder.close();
      } catch (IOException | RuntimeException e) {
        // the file was read to its end or is being abandoned; nothing to report
      }
      decoder = null;
    }
    if (unzipped != null) {
      try {
        unzipped.close(); // frees the inflater's native memory now, not at garbage collection
      } catch (IOException | RuntimeException e) {
        // nothing to report
      }
      unzipped = null;
    }
    abortRaw();
    in = null;
  }

  private void abortRaw() {
    if (raw != null) {
      if (in == null || !in.ended) {
        raw.abort(); // do not drain a large object just to reuse the connection
      }
      try {
        raw.close();
      } catch (IOException | RuntimeException e) {
        // already aborted or closed
      }
      raw = null;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (source != null) {
        closeFile();
      }
    }
  }

  /** Counts and checksums the bytes read. */
  private static final class Counting extends InputStream {
    private final InputStream in;
    private final CRC32C crc = new CRC32C();
    long count;
    boolean ended;

    Counting(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        crc.update(b);
        count++;
      } else {
        ended = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        count += n;
      } else if (n < 0) {
        ended = true;
      }
      return n;
    }

    String checksum() {
      return Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Override
    public void close() {
      // the reader closes the S3 stream itself (abort or close)
    }
  }
}
