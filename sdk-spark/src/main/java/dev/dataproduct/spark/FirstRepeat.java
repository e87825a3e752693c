package dev.dataproduct.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * On the executors, over one partition of key hashes (shuffled so that equal hashes meet in one
 * partition): the first hash found to repeat, or nothing.
 *
 * <p>The hashes go into a set of longs (open addressing, linear probing), so a repeat is found
 * as it arrives and nothing is sorted (sorting them was two thirds of the key check's reduce
 * side). The set grows up to {@code slots} slots ({@link #SLOTS} by default: 32 MB) and is
 * filled to three quarters at most; beyond that, its hashes and every one that follows are
 * spilled to up to 64 files by six bits of the hash (the top six, then the next six at each
 * level down), and each file is then checked the same way, one after the other. Equal hashes
 * always share a file, so no merge is needed; memory stays bounded whatever the partition's size;
 * the files are deleted whatever the answer. A file can only spill again while the hashes in it
 * can still differ in enough bits, so the levels end (at most eight with the default slots).
 */
final class FirstRepeat implements MapPartitionsFunction<Long, Long> {
  private static final long serialVersionUID = 1L;
  /** The most slots of one task's set: 4,194,304 hashes of 8 bytes, filled to three quarters. */
  static final int SLOTS = 1 << 22;
  /** Bits of a hash that choose its spill file at one level. */
  private static final int BITS = 6;

  private final int slots;
  private final String spillDir;

  FirstRepeat() {
    this(SLOTS, null);
  }

  /**
   * At most {@code slots} slots in memory (a power of two is used as is, anything else rounds
   * down to one; at least 2), spilled under {@code spillDir} (null: the temporary directory).
   */
  FirstRepeat(int slots, String spillDir) {
    this.slots = Math.max(2, Integer.highestOneBit(slots));
    this.spillDir = spillDir;
  }

  @Override
  public Iterator<Long> call(Iterator<Long> hashes) throws IOException {
    try (Seen seen = new Seen(0)) {
      while (hashes.hasNext()) {
        if (seen.add(hashes.next())) {
          return List.of(seen.repeat).iterator();
        }
      }
      return answer(seen);
    }
  }

  /** The same over chunks of hashes (the key check's shuffle moves {@link HashChunks}). */
  Iterator<Long> chunks(Iterator<long[]> chunks) throws IOException {
    try (Seen seen = new Seen(0)) {
      while (chunks.hasNext()) {
        long[] chunk = chunks.next();
        for (long hash : chunk) {
          if (seen.add(hash)) {
            return List.of(seen.repeat).iterator();
          }
        }
      }
      return answer(seen);
    }
  }

  private static Iterator<Long> answer(Seen seen) throws IOException {
    return seen.repeatAmongSpilled() ? List.of(seen.repeat).iterator()
        : Collections.emptyIterator();
  }

  /** The hashes seen at one level: a set in memory, or, once it is full, the spill files. */
  private final class Seen implements AutoCloseable {
    private final int level;
    private final long seed;
    private long[] table;
    private int mask;
    private int bits;
    private int size;
    private int limit;
    /** Whether 0 was seen (0 marks an empty slot). */
    private boolean zero;
    private Spill spill;
    long repeat;

    Seen(int level) {
      this.level = level;
      this.seed = level * 0x9E3779B97F4A7C15L;
      allocate(Math.min(1024, slots));
    }

    /** Adds a hash; true when it was seen already (it is then {@link #repeat}). */
    boolean add(long hash) throws IOException {
      if (spill != null) {
        spill.write(hash);
        return false;
      }
      if (hash == 0) {
        if (zero) {
          repeat = 0;
          return true;
        }
        zero = true;
        return false;
      }
      long[] t = table;
      int i = slot(hash);
      for (long w = t[i]; w != 0; w = t[i]) {
        if (w == hash) {
          repeat = hash;
          return true;
        }
        i = (i + 1) & mask;
      }
      t[i] = hash;
      if (++size > limit) {
        grow();
      }
      return false;
    }

    /** Once every hash is added: whether a spill file holds a repeat (then {@link #repeat}). */
    boolean repeatAmongSpilled() throws IOException {
      if (spill == null) {
        return false;
      }
      spill.flush();
      for (int f = 0; f < Spill.FILES; f++) {
        if (!spill.holds(f)) {
          continue;
        }
        try (Seen next = new Seen(level + 1)) {
          if (spill.read(f, next) || next.repeatAmongSpilled()) {
            repeat = next.repeat;
            return true;
          }
        }
        spill.delete(f);
      }
      return false;
    }

    private int slot(long hash) {
      // the hashes of one partition share bits (their low bits pick the partition, their top
      // bits the spill file), so all 64 are mixed (MurmurHash3's finalizer), with a seed per
      // level: a file is read in its writer's slot order, and the same slots again would pile
      // its hashes up at the start of each smaller table
      long x = hash ^ seed;
      x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
      x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return (int) ((x ^ (x >>> 33)) >>> (Long.SIZE - bits));
    }

    private void allocate(int capacity) {
      table = new long[capacity];
      mask = capacity - 1;
      bits = Integer.numberOfTrailingZeros(capacity);
      limit = Math.max(1, capacity / 4 * 3);
      size = 0;
    }

    private void grow() throws IOException {
      long[] old = table;
      if (old.length >= slots) {
        spill = new Spill(level);
        table = null;
        for (long w : old) {
          if (w != 0) {
            spill.write(w);
          }
        }
        if (zero) {
          spill.write(0);
        }
        return;
      }
      allocate(old.length * 2);
      for (long w : old) {
        if (w != 0) {
          int i = slot(w);
          while (table[i] != 0) {
            i = (i + 1) & mask;
          }
          table[i] = w;
          size++;
        }
      }
    }

    @Override
    public void close() throws IOException {
      table = null;
      if (spill != null) {
        spill.close();
      }
    }
  }

  /** The spill files of one level: hashes by six of their bits, written through small buffers. */
  private final class Spill implements AutoCloseable {
    static final int FILES = 1 << BITS;
    private static final int BUFFERED = 1024;

    private final int shift;
    private final Path[] files = new Path[FILES];
    private final FileChannel[] channels = new FileChannel[FILES];
    private final long[][] buffers = new long[FILES][];
    private final int[] filled = new int[FILES];
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFERED * Long.BYTES);

    Spill(int level) {
      if (level * BITS >= Long.SIZE) {
        // the hashes here share all 64 bits: the second one repeats before the set is full
        throw new IllegalStateException("Key hashes spilled beyond their 64 bits");
      }
      this.shift = level * BITS;
    }

    void write(long hash) throws IOException {
      int f = (int) ((hash << shift) >>> (Long.SIZE - BITS));
      long[] buffer = buffers[f];
      if (buffer == null) {
        buffer = buffers[f] = new long[BUFFERED];
      }
      buffer[filled[f]++] = hash;
      if (filled[f] == BUFFERED) {
        drain(f);
      }
    }

    void flush() throws IOException {
      for (int f = 0; f < FILES; f++) {
        if (filled[f] > 0) {
          drain(f);
        }
      }
    }

    /** Whether file {@code f} holds hashes (once {@link #flush flushed}: it exists). */
    boolean holds(int f) {
      return channels[f] != null;
    }

    /** Adds file {@code f}'s hashes to {@code seen}; true at the first repeat. */
    boolean read(int f, Seen seen) throws IOException {
      channels[f].position(0);
      ByteBuffer in = ByteBuffer.allocate(1 << 16);
      LongBuffer longs = in.asLongBuffer();
      while (true) {
        in.clear();
        while (in.hasRemaining() && channels[f].read(in) >= 0) {
          // fill the buffer, or reach the end
        }
        int n = in.position() / Long.BYTES;
        if (n == 0) {
          return false;
        }
        longs.clear();
        for (int i = 0; i < n; i++) {
          if (seen.add(longs.get(i))) {
            return true;
          }
        }
        if (in.hasRemaining()) {
          return false; // the end of the file
        }
      }
    }

    void delete(int f) throws IOException {
      if (channels[f] != null) {
        channels[f].close();
        channels[f] = null;
        Files.deleteIfExists(files[f]);
      }
    }

    private void drain(int f) throws IOException {
      if (channels[f] == null) {
        files[f] = spillDir == null ? Files.createTempFile("dataproduct-key-hashes", ".bin")
            : Files.createTempFile(Path.of(spillDir), "dataproduct-key-hashes", ".bin");
        channels[f] = FileChannel.open(files[f], StandardOpenOption.READ,
            StandardOpenOption.WRITE);
      }
      bytes.clear();
      bytes.asLongBuffer().put(buffers[f], 0, filled[f]);
      bytes.limit(filled[f] * Long.BYTES);
      while (bytes.hasRemaining()) {
        channels[f].write(bytes);
      }
      filled[f] = 0;
    }

    @Override
    public void close() throws IOException {
      IOException failed = null;
      for (int f = 0; f < FILES; f++) {
        try {
          if (channels[f] != null) {
            channels[f].close();
          }
        } catch (IOException e) {
          failed = e;
        } finally {
          if (files[f] != null) {
            try {
              Files.deleteIfExists(files[f]);
            } catch (IOException e) {
              failed = e;
            }
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    }
  }
}
