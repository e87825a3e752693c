package dev.dataproduct.s3.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The decompressed bytes of a gzip object, streamed through {@link GZIPInputStream} with one
 * 64 KiB input buffer and the inflater's 32 KiB window, whatever the object's size.
 *
 * <p>Stricter than {@code GZIPInputStream} alone, which on Java 17 decides whether another member
 * follows from {@code available()} (a network stream may say 0 at a member boundary: the rest of
 * a multi-member file would be dropped), and treats bytes after a member that do not form a
 * gzip header, and I/O errors while reading one, as the end of the data. Here the source answers
 * {@code available()} exactly (it reads one byte ahead), and at the end the source must be
 * exhausted, the last trailer the last bytes and no read of the source must have failed;
 * otherwise the read fails with {@link Malformed} (or the source's own exception). A zero-byte
 * object is an empty file.
 */
final class Gunzip extends InputStream {
  private static final int BUFFER = 64 * 1024;

  private final Exact source;
  private Members gzip;
  private boolean done;

  /** {@code in} is not closed by this stream. */
  Gunzip(InputStream in) {
    this.source = new Exact(in);
  }

  /**
   * Whether an object is gzip-compressed: its key ends with {@code .gz} (any case) or its {@code
   * Content-Encoding} lists {@code gzip} (or {@code x-gzip}).
   */
  static boolean applies(String key, String contentEncoding) {
    if (key.regionMatches(true, key.length() - 3, ".gz", 0, 3)) {
      return true;
    }
    if (contentEncoding != null) {
      for (String token : contentEncoding.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("gzip") || t.equals("x-gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The gzip data is not valid; the message describes the problem, never the data. */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      if (gzip == null) {
        if (source.atEnd()) {
          done = true; // a zero-byte object: no rows
          return -1;
        }
        gzip = new Members(source);
      }
      n = gzip.read(b, off, len);
    } catch (IOException e) {
      throw translate(e);
    }
    if (n < 0) {
      checkEnd();
      done = true;
    }
    return n;
  }

  private IOException translate(IOException e) {
    if (source.failure != null) {
      return source.failure; // the source failed: a storage error, not bad gzip
    }
    if (e instanceof Malformed) {
      return e;
    }
    if (e instanceof EOFException) {
      return new Malformed("it is truncated: the data ends inside a gzip member", e);
    }
    if (e instanceof ZipException) {
      return new Malformed("it is not valid gzip (" + e.getMessage() + ")", e);
    }
    return e;
  }

  private void checkEnd() throws IOException {
    if (source.failure != null) {
      throw source.failure; // GZIPInputStream took a failed read for the end of the data
    }
    if (gzip.trailing() > 0 || source.lastAvailable > 0 || !source.atEnd()) {
      throw new Malformed("it has bytes after its last complete gzip member that do not start"
          + " another member (a truncated or corrupt member, or trailing garbage)", null);
    }
  }

  @Override
  public void close() throws IOException {
    done = true;
    if (gzip != null) {
      gzip.close(); // frees the inflater; the source ignores close
      gzip = null;
    }
  }

  /** {@code GZIPInputStream}, telling how many bytes it buffered beyond the last trailer. */
  private static final class Members extends GZIPInputStream {
    Members(InputStream in) throws IOException {
      super(in, BUFFER);
    }

    /**
     * At the end of the data: bytes left in the buffer after the 8-byte trailer of the last
     * member. The inflater keeps the count of the bytes it did not consume (trailer and anything
     * after it) when no further member header could be read.
     */
    int trailing() {
      return Math.max(0, inf.getRemaining() - 8);
    }
  }

  /**
   * The source with an exact {@code available()} (1 when another byte exists, 0 at the end),
   * remembering its last answer and any failure of the underlying stream.
   */
  private static final class Exact extends InputStream {
    private final InputStream in;
    private int peeked = -1;
    private boolean end;
    IOException failure;
    int lastAvailable;

    Exact(InputStream in) {
      this.in = in;
    }

    boolean atEnd() throws IOException {
      if (peeked >= 0) {
        return false;
      }
      if (end) {
        return true;
      }
      int b = rawRead();
      if (b < 0) {
        end = true;
        return true;
      }
      peeked = b;
      return false;
    }

    @Override
    public int available() throws IOException {
      lastAvailable = atEnd() ? 0 : 1;
      return lastAvailable;
    }

    @Override
    public int read() throws IOException {
      if (peeked >= 0) {
        int b = peeked;
        peeked = -1;
        return b;
      }
      if (end) {
        return -1;
      }
      int b = rawRead();
      if (b < 0) {
        end = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (peeked >= 0) {
        b[off] = (byte) peeked;
        peeked = -1;
        return 1;
      }
      if (end) {
        return -1;
      }
      int n = rawRead(b, off, len);
      if (n < 0) {
        end = true;
      }
      return n;
    }

    private int rawRead() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    private int rawRead(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void close() {
      // the reader closes the S3 stream itself
    }
  }
}
