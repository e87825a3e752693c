package dev.dataproduct.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One sorted run of spilled keys: a file of encoded keys ({@link KeyCodec}) in ascending unsigned
 * byte order, each a length varint then the bytes, with no key twice. In the heap it keeps only
 * the first key of every block of about {@value #BLOCK} bytes (a sparse index, about 20 bytes
 * per block): {@link #contains} finds the block the key would be in and reads it with one
 * positioned read. When every key of the run has the same length (an INTEGER key, most composite
 * keys) the entries have a fixed width, so the block is searched by bisection (about nine
 * comparisons) rather than scanned, and a key of another length is answered without reading.
 * {@link Cursor} reads the run in order, for merging runs ({@link SpilledKeys}). The run knows
 * nothing of filters: its owner asks its filter first. Not thread-safe.
 */
final class KeyRun {
  /** Bytes per block of the index: one positioned read per lookup that reaches the disk. */
  static final int BLOCK = 4096;
  /** Bytes of the write and read buffers of {@link Writer} and {@link Cursor}. */
  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final long count;
  private final long fileBytes;
  /** The length of every key, when they all have the same one below 128 (a 1-byte varint). */
  private final int width;
  private final byte[] firstKeys;
  private final int[] firstKeyStarts;
  private final long[] blockStarts;
  private final int blocks;
  private final int maxBlock;
  private FileChannel channel;

  private KeyRun(Writer w) {
    this.file = w.file;
    this.count = w.count;
    this.fileBytes = w.pos;
    this.width = Math.max(-1, w.width);
    this.blocks = w.blocks;
    this.firstKeys = Arrays.copyOf(w.firstKeys, w.firstKeysLength);
    this.firstKeyStarts = Arrays.copyOf(w.firstKeyStarts, blocks + 1);
    this.firstKeyStarts[blocks] = w.firstKeysLength;
    this.blockStarts = Arrays.copyOf(w.blockStarts, blocks + 1);
    this.blockStarts[blocks] = w.pos;
    int max = 0;
    for (int b = 0; b < blocks; b++) {
      max = (int) Math.max(max, blockStarts[b + 1] - blockStarts[b]);
    }
    this.maxBlock = max;
  }

  /** A writer of a new run at {@code file}. */
  static Writer writer(Path file) {
    return new Writer(file);
  }

  long count() {
    return count;
  }

  long fileBytes() {
    return fileBytes;
  }

  /** Heap bytes of the index. */
  long bytes() {
    return 96L + firstKeys.length + firstKeyStarts.length * 4L + blockStarts.length * 8L;
  }

  /** The longest block: what {@link #contains} needs of its buffer. */
  int maxBlock() {
    return maxBlock;
  }

  /**
   * Whether the run holds the key; reads a block into {@code block}, which has room for {@link
   * #maxBlock()} bytes.
   */
  boolean contains(byte[] key, int len, ByteBuffer block) throws IOException {
    if (width >= 0 && len != width) {
      return false;
    }
    int b = blockOf(key, len);
    if (b < 0) {
      return false;
    }
    int length = (int) (blockStarts[b + 1] - blockStarts[b]);
    byte[] a = readBlock(b, length, block).array();
    return width >= 0 ? bisect(a, length, key, len) : scan(a, length, key, len);
  }

  /** Bisects a block of fixed-width entries: a 1-byte length, then {@code len} key bytes. */
  private static boolean bisect(byte[] a, int length, byte[] key, int len) {
    int entry = 1 + len;
    int lo = 0;
    int hi = length / entry - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = KeyCodec.compare(a, mid * entry + 1, len, key, 0, len);
      if (c == 0) {
        return true;
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return false;
  }

  /** Scans a block of keys of any length, in order. */
  private static boolean scan(byte[] a, int length, byte[] key, int len) {
    int pos = 0;
    while (pos < length) {
      int n = ByteKeySet.lengthAt(a, pos);
      pos += ByteKeySet.varintSize(n);
      int c = KeyCodec.compare(a, pos, n, key, 0, len);
      if (c == 0) {
        return true;
      }
      if (c > 0) {
        return false;
      }
      pos += n;
    }
    return false;
  }

  /** The last block whose first key is at most {@code key}; -1 when the key is before all. */
  private int blockOf(byte[] key, int len) {
    int lo = 0;
    int hi = blocks - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int start = firstKeyStarts[mid];
      int c = KeyCodec.compare(firstKeys, start, firstKeyStarts[mid + 1] - start, key, 0, len);
      if (c <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private ByteBuffer readBlock(int b, int length, ByteBuffer block) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    block.clear().limit(length);
    long at = blockStarts[b];
    while (block.hasRemaining()) {
      if (channel.read(block, at + block.position()) < 0) {
        throw new IOException("Spill file " + file + " is shorter than written");
      }
    }
    return block;
  }

  /** Reads the run's keys in order. */
  Cursor cursor() throws IOException {
    return new Cursor(Files.newInputStream(file));
  }

  /** Closes the file and deletes it. */
  void delete() {
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    } catch (IOException e) {
      // the file goes anyway
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the run's directory is deleted at the end of the run; whatever is left goes with it
    }
  }

  /**
   * The keys of a run, in order: {@link #next()}, then {@link #key()} up to {@link #length()}.
   * Decodes from its own buffer (a merge reads every key of the runs it merges).
   */
  static final class Cursor implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;
    private byte[] key = new byte[64];
    private int length;

    private Cursor(InputStream in) {
      this.in = in;
    }

    /** Moves to the next key; false at the end. */
    boolean next() throws IOException {
      if (pos == end && !fill()) {
        return false;
      }
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        if (pos == end && !fill()) {
          throw new IOException("Spill file ends inside a key");
        }
        byte x = buf[pos++];
        v |= (x & 0x7F) << shift;
        if (x >= 0) {
          break;
        }
      }
      if (v > key.length) {
        key = new byte[Math.max(v, key.length * 2)];
      }
      int got = 0;
      while (got < v) {
        if (pos == end && !fill()) {
          throw new IOException("Spill file ends inside a key");
        }
        int n = Math.min(v - got, end - pos);
        System.arraycopy(buf, pos, key, got, n);
        pos += n;
        got += n;
      }
      length = v;
      return true;
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      end = n;
      return true;
    }

    byte[] key() {
      return key;
    }

    int length() {
      return length;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Writes a run: keys in ascending order, each once, then {@link #finish()}. Encodes into its
   * own buffer (a merge writes every key of the runs it merges).
   */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    /** -2 before the first key, -1 once two lengths differ or one is 128 or more. */
    private int width = -2;
    private byte[] firstKeys = new byte[256];
    private int firstKeysLength;
    private int[] firstKeyStarts = new int[16];
    private long[] blockStarts = new long[16];
    private int blocks;
    private long pos;
    private long count;
    private boolean done;

    private Writer(Path file) {
      this.file = file;
      try {
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Appends a key, greater than the one before. */
    void add(byte[] key, int off, int len) throws IOException {
      if (blocks == 0 || pos - blockStarts[blocks - 1] >= BLOCK) {
        startBlock(key, off, len);
      }
      if (width == -2) {
        width = len < 0x80 ? len : -1;
      } else if (width != len) {
        width = -1;
      }
      if (used + 5 + len > buf.length) {
        flush();
      }
      int v = len;
      while ((v & ~0x7F) != 0) {
        buf[used++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[used++] = (byte) v;
      if (used + len > buf.length) { // a key longer than the buffer
        flush();
        out.write(key, off, len);
      } else {
        System.arraycopy(key, off, buf, used, len);
        used += len;
      }
      pos += ByteKeySet.varintSize(len) + len;
      count++;
    }

    private void flush() throws IOException {
      out.write(buf, 0, used);
      used = 0;
    }

    private void startBlock(byte[] key, int off, int len) {
      if (blocks + 1 >= blockStarts.length) {
        blockStarts = Arrays.copyOf(blockStarts, blockStarts.length * 2);
        firstKeyStarts = Arrays.copyOf(firstKeyStarts, firstKeyStarts.length * 2);
      }
      if (firstKeysLength + len > firstKeys.length) {
        firstKeys = Arrays.copyOf(firstKeys, Math.max(firstKeys.length * 2,
            firstKeysLength + len));
      }
      System.arraycopy(key, off, firstKeys, firstKeysLength, len);
      firstKeyStarts[blocks] = firstKeysLength;
      firstKeysLength += len;
      blockStarts[blocks++] = pos;
    }

    /** The finished run, readable. */
    KeyRun finish() throws IOException {
      flush();
      done = true;
      out.close();
      return new KeyRun(this);
    }

    /** Abandons an unfinished run: its file is deleted. */
    @Override
    public void close() {
      if (!done) {
        try {
          out.close();
        } catch (IOException e) {
          // deleted below
        }
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // the run's directory is deleted at the end of the run
        }
      }
    }
  }
}
