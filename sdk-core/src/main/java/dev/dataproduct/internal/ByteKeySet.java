package dev.dataproduct.internal;

import java.util.Arrays;

/**
 * A set of encoded keys ({@link KeyCodec}) packed for the heap: the key bytes one after the other
 * in chunks (a length varint, then the bytes), and an open-addressing table of longs, each the
 * key's 32-bit hash and its position in the chunks. A key of 9 bytes costs about 26 bytes, a
 * tenth of a {@code HashSet<List<Object>>} entry. {@link #sortInPlace} orders the keys for a
 * spill without allocating. Not thread-safe.
 */
final class ByteKeySet {
  private static final int FIRST_CHUNK = 1 << 12;
  /**
   * A reference: the position within a chunk in the low 20 bits, the chunk index in the 11 bits
   * above, and the top bit set, so that no entry of the table is 0 ({@link #EMPTY}).
   */
  private static final int CHUNK_BITS = 20;
  private static final int MAX_CHUNK = 1 << CHUNK_BITS;
  private static final int MAX_CHUNKS = 1 << 11;
  private static final int USED = 1 << 31;
  private static final long EMPTY = 0L;

  private byte[][] chunks = new byte[4][];
  private int chunkCount;
  /** Where the next key goes in the last regular chunk. */
  private int fill;
  private int current = -1;
  private long chunkBytes;
  private long[] table;
  private int size;

  ByteKeySet() {
    table = new long[64];
  }

  int size() {
    return size;
  }

  /** Heap bytes the set holds. */
  long bytes() {
    return 16L + table.length * 8L + chunkBytes + chunks.length * 8L;
  }

  /**
   * The heap bytes adding a key of {@code len} bytes may allocate (a larger table or a new
   * chunk, at the peak both old and new), 0 when it fits in what is there.
   */
  long growthFor(int len) {
    long growth = 0;
    if ((size + 1) * 2 > table.length) {
      growth += table.length * 16L;
    }
    int need = len + 5;
    if (current < 0 || fill + need > chunks[current].length) {
      growth += chunkSize(need);
    }
    return growth;
  }

  /** Whether no more chunks can be addressed (the set must be spilled before it grows). */
  boolean full() {
    return chunkCount >= MAX_CHUNKS - 1;
  }

  /** Whether the key is in the set. */
  boolean contains(byte[] key, int len, long hash) {
    int h = (int) hash;
    int mask = table.length - 1;
    for (int i = slot(h, mask); ; i = (i + 1) & mask) {
      long e = table[i];
      if (e == EMPTY) {
        return false;
      }
      if ((int) (e >>> 32) == h && equalsAt((int) e, key, len)) {
        return true;
      }
    }
  }

  /** Adds the key; false when it was present. */
  boolean add(byte[] key, int len, long hash) {
    int h = (int) hash;
    int mask = table.length - 1;
    int i = slot(h, mask);
    for (; ; i = (i + 1) & mask) {
      long e = table[i];
      if (e == EMPTY) {
        break;
      }
      if ((int) (e >>> 32) == h && equalsAt((int) e, key, len)) {
        return false;
      }
    }
    int ref = append(key, len);
    table[i] = ((long) h << 32) | (ref & 0xFFFFFFFFL);
    if (++size * 2 > table.length) {
      rehash();
    }
    return true;
  }

  /**
   * Sorts the keys in place (by unsigned bytes) and returns how many there are; afterwards {@link
   * #keyAt} reads them in order and the set must be {@link #clear() cleared} before reuse.
   */
  int sortInPlace() {
    int n = 0;
    for (long e : table) {
      if (e != EMPTY) {
        table[n++] = e & 0xFFFFFFFFL;
      }
    }
    sort(0, n - 1);
    return n;
  }

  /** The chunk holding the {@code i}-th key after {@link #sortInPlace}. */
  byte[] chunkOf(int i) {
    return chunks[chunkIndex((int) table[i])];
  }

  /** Where the {@code i}-th key's length varint starts in {@link #chunkOf}. */
  int positionOf(int i) {
    return (int) table[i] & (MAX_CHUNK - 1);
  }

  private static int chunkIndex(int ref) {
    return (ref >>> CHUNK_BITS) & (MAX_CHUNKS - 1);
  }

  /** Empties the set, giving its memory back. */
  void clear() {
    chunks = new byte[4][];
    chunkCount = 0;
    current = -1;
    fill = 0;
    chunkBytes = 0;
    table = new long[64];
    size = 0;
  }

  /** Reads a varint length at {@code pos} of {@code b}; the key bytes follow it. */
  static int lengthAt(byte[] b, int pos) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[pos++];
      v |= (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }

  /** The size of the varint that encodes {@code v}. */
  static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int slot(int h, int mask) {
    return (h ^ (h >>> 16)) & mask;
  }

  private boolean equalsAt(int ref, byte[] key, int len) {
    byte[] c = chunks[chunkIndex(ref)];
    int pos = ref & (MAX_CHUNK - 1);
    int n = lengthAt(c, pos);
    if (n != len) {
      return false;
    }
    int from = pos + varintSize(n);
    return Arrays.equals(c, from, from + n, key, 0, len);
  }

  private int chunkSize(int need) {
    int next = current < 0 ? FIRST_CHUNK : Math.min(MAX_CHUNK, chunks[current].length * 2);
    return Math.max(next, need);
  }

  /** Copies the key into the chunks; returns its reference (chunk index and position). */
  private int append(byte[] key, int len) {
    int need = len + varintSize(len);
    if (current < 0 || fill + need > chunks[current].length) {
      if (chunkCount >= MAX_CHUNKS) {
        throw new IllegalStateException("key set full");
      }
      byte[] chunk = new byte[chunkSize(need)];
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunks.length * 2);
      }
      chunks[chunkCount] = chunk;
      chunkBytes += chunk.length;
      if (need > MAX_CHUNK / 2) {
        // a key too big to share a chunk gets one of its own at position 0
        writeKey(chunk, 0, key, len);
        return USED | chunkCount++ << CHUNK_BITS;
      }
      current = chunkCount++;
      fill = 0;
    }
    int ref = USED | current << CHUNK_BITS | fill;
    fill = writeKey(chunks[current], fill, key, len);
    return ref;
  }

  private static int writeKey(byte[] c, int pos, byte[] key, int len) {
    int v = len;
    while ((v & ~0x7F) != 0) {
      c[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    c[pos++] = (byte) v;
    System.arraycopy(key, 0, c, pos, len);
    return pos + len;
  }

  private void rehash() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long e : old) {
      if (e != EMPTY) {
        int i = slot((int) (e >>> 32), mask);
        while (table[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        table[i] = e;
      }
    }
  }

  // an in-place quicksort of references by the keys they point to (no boxing, no copies)

  private int compareRefs(long a, long b) {
    byte[] ca = chunks[chunkIndex((int) a)];
    int pa = (int) a & (MAX_CHUNK - 1);
    byte[] cb = chunks[chunkIndex((int) b)];
    int pb = (int) b & (MAX_CHUNK - 1);
    int la = lengthAt(ca, pa);
    int lb = lengthAt(cb, pb);
    return KeyCodec.compare(ca, pa + varintSize(la), la, cb, pb + varintSize(lb), lb);
  }

  private void sort(int lo, int hi) {
    while (hi - lo > 16) {
      int mid = (lo + hi) >>> 1;
      // median of three as pivot
      if (compareRefs(table[mid], table[lo]) < 0) {
        swap(mid, lo);
      }
      if (compareRefs(table[hi], table[lo]) < 0) {
        swap(hi, lo);
      }
      if (compareRefs(table[hi], table[mid]) < 0) {
        swap(hi, mid);
      }
      long pivot = table[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (compareRefs(table[i], pivot) < 0) {
          i++;
        }
        while (compareRefs(table[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          swap(i++, j--);
        }
      }
      // recurse into the smaller part, loop over the larger (stack depth stays logarithmic)
      if (j - lo < hi - i) {
        sort(lo, j);
        lo = i;
      } else {
        sort(i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      long x = table[i];
      int j = i - 1;
      while (j >= lo && compareRefs(table[j], x) > 0) {
        table[j + 1] = table[j];
        j--;
      }
      table[j + 1] = x;
    }
  }

  private void swap(int a, int b) {
    long t = table[a];
    table[a] = table[b];
    table[b] = t;
  }
}
