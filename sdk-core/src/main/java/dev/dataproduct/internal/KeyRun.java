package dev.dataproduct.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
 * byte order, each a length varint then the bytes, with no key twice. In the heap it keeps the
 * first key of every block of about {@value #BLOCK} bytes (a sparse index) and a {@link
 * BloomFilter} of its keys: {@link #contains} asks the filter, then reads the one block the key
 * would be in. {@link Cursor} reads the run in order, for merging runs ({@link SpilledKeys}).
 * Not thread-safe.
 */
final class KeyRun {
  /** Bytes per block of the index: one positioned read per lookup that reaches the disk. */
  static final int BLOCK = 8192;

  private final Path file;
  private final int level;
  private final long count;
  private final long fileBytes;
  private final BloomFilter filter;
  private final byte[] firstKeys;
  private final int[] firstKeyStarts;
  private final long[] blockStarts;
  private final int blocks;
  private final int maxBlock;
  private FileChannel channel;

  private KeyRun(Writer w) {
    this.file = w.file;
    this.level = w.level;
    this.count = w.count;
    this.fileBytes = w.pos;
    this.filter = w.filter;
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

  /** A writer of a new run at {@code file}, for about {@code keys} keys. */
  static Writer writer(Path file, int level, long keys, int bitsPerKey) {
    return new Writer(file, level, BloomFilter.create(keys, bitsPerKey));
  }

  int level() {
    return level;
  }

  long count() {
    return count;
  }

  long fileBytes() {
    return fileBytes;
  }

  /** The filter, or {@code null} when the run was built without one. */
  BloomFilter filter() {
    return filter;
  }

  /** Heap bytes of the index and the filter. */
  long bytes() {
    return 96L + firstKeys.length + firstKeyStarts.length * 4L + blockStarts.length * 8L
        + (filter == null ? 0 : filter.bytes());
  }

  /** The longest block: what {@link #contains} needs of its buffer. */
  int maxBlock() {
    return maxBlock;
  }

  /**
   * Whether the run holds the key ({@code hash} is its {@link KeyCodec#hash}); reads a block into
   * {@code block}, which has room for {@link #maxBlock()} bytes.
   */
  boolean contains(byte[] key, int len, long hash, ByteBuffer block) throws IOException {
    if (filter != null && !filter.mightContain(hash)) {
      return false;
    }
    int b = blockOf(key, len);
    if (b < 0) {
      return false;
    }
    int length = (int) (blockStarts[b + 1] - blockStarts[b]);
    ByteBuffer buf = readBlock(b, length, block);
    byte[] a = buf.array();
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

  /** The keys of a run, in order: {@link #next()}, then {@link #key()} up to {@link #length()}. */
  static final class Cursor implements AutoCloseable {
    private final InputStream in;
    private byte[] key = new byte[64];
    private int length;

    private Cursor(InputStream in) {
      this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Moves to the next key; false at the end. */
    boolean next() throws IOException {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        int x = in.read();
        if (x < 0) {
          if (shift == 0) {
            return false;
          }
          throw new IOException("Spill file ends inside a key");
        }
        v |= (x & 0x7F) << shift;
        if (x < 0x80) {
          break;
        }
      }
      if (v > key.length) {
        key = new byte[Math.max(v, key.length * 2)];
      }
      if (in.readNBytes(key, 0, v) != v) {
        throw new IOException("Spill file ends inside a key");
      }
      length = v;
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

  /** Writes a run: keys in ascending order, each once, then {@link #finish()}. */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final int level;
    private final BloomFilter filter;
    private final OutputStream out;
    private final byte[] varint = new byte[5];
    private byte[] firstKeys = new byte[256];
    private int firstKeysLength;
    private int[] firstKeyStarts = new int[16];
    private long[] blockStarts = new long[16];
    private int blocks;
    private long pos;
    private long count;
    private boolean done;

    private Writer(Path file, int level, BloomFilter filter) {
      this.file = file;
      this.level = level;
      this.filter = filter;
      try {
        this.out = new BufferedOutputStream(Files.newOutputStream(file,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Appends a key, greater than the one before ({@code hash} is its {@link KeyCodec#hash}). */
    void add(byte[] key, int off, int len, long hash) throws IOException {
      if (blocks == 0 || pos - blockStarts[blocks - 1] >= BLOCK) {
        startBlock(key, off, len);
      }
      int v = len;
      int n = 0;
      while ((v & ~0x7F) != 0) {
        varint[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      varint[n++] = (byte) v;
      out.write(varint, 0, n);
      out.write(key, off, len);
      pos += n + len;
      count++;
      if (filter != null) {
        filter.add(hash);
      }
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
