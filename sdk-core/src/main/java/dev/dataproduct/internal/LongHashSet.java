package dev.dataproduct.internal;

/**
 * A set of primitive longs (no boxing), for uniqueness checks on INTEGER keys. Keys are mostly
 * dense (database ids, sequence numbers): values within a window above the first value added
 * live in a bitmap that grows as needed (a million consecutive ids take 125 KB and stay in the
 * CPU cache); any other value goes to an open-addressing hash table. {@link #growthFor} tells
 * what the next add would allocate, {@link #bytes()} what it holds, and {@link #drainSorted}
 * hands every value in order without allocating (for a spill to disk, see {@link UniqueKeys}).
 * Not thread-safe.
 */
final class LongHashSet {
  private static final long EMPTY = 0L;
  /** Values in [base, base + WINDOW) use the bitmap: at most 16 MiB of bits. */
  private static final long WINDOW = 1L << 27;
  /** Room below the first value, for keys that do not arrive in order. */
  private static final long SLACK = 1L << 16;

  private long base;
  private boolean based;
  private long[] bits = new long[0];
  private long[] slots;
  private boolean hasZero;
  private int hashed;
  private int size;
  private int mask;

  LongHashSet(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[cap];
    mask = cap - 1;
  }

  /** Adds {@code v}; false when it was present. */
  boolean add(long v) {
    if (!based) {
      based = true;
      base = baseFor(v);
    }
    long off = v - base;
    if (off >= 0 && off < WINDOW) {
      int word = (int) (off >>> 6);
      if (word >= bits.length) {
        bits = java.util.Arrays.copyOf(bits, Math.max(word + 1, Math.min(bits.length * 2,
            (int) (WINDOW >>> 6))));
      }
      long bit = 1L << off;
      if ((bits[word] & bit) != 0) {
        return false;
      }
      bits[word] |= bit;
      size++;
      return true;
    }
    if (addHashed(v)) {
      size++;
      return true;
    }
    return false;
  }

  private boolean addHashed(long v) {
    if (v == EMPTY) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      return true;
    }
    int i = mix(v) & mask;
    while (true) {
      long s = slots[i];
      if (s == EMPTY) {
        slots[i] = v;
        if (++hashed * 2 > slots.length) {
          grow();
        }
        return true;
      }
      if (s == v) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The base of the bitmap window for a first value {@code v}: a little below it, and never so
   * high that the window would pass {@link Long#MAX_VALUE} (values in the window are in order).
   */
  private static long baseFor(long v) {
    long b = v < Long.MIN_VALUE + SLACK ? Long.MIN_VALUE : v - SLACK;
    return Math.min(b, Long.MAX_VALUE - WINDOW);
  }

  /**
   * The heap bytes adding {@code v} may allocate: a larger bitmap, or a larger hash table (at the
   * peak of a resize both tables are live); 0 when it fits in what is there.
   */
  long growthFor(long v) {
    long b = based ? base : baseFor(v);
    long off = v - b;
    if (off >= 0 && off < WINDOW) {
      int word = (int) (off >>> 6);
      return word >= bits.length
          ? 8L * Math.max(word + 1, Math.min(bits.length * 2, (int) (WINDOW >>> 6))) : 0;
    }
    return (hashed + 1) * 2 > slots.length ? slots.length * 16L : 0;
  }

  /** The heap bytes the set holds. */
  long bytes() {
    return 64L + bits.length * 8L + slots.length * 8L;
  }

  /**
   * Hands every value to {@code out} in ascending order, sorting the hash table in place; the set
   * is empty afterwards and gives its memory back.
   */
  void drainSorted(java.util.function.LongConsumer out) {
    int n = 0;
    for (long s : slots) {
      if (s != EMPTY) {
        slots[n++] = s;
      }
    }
    if (hasZero) {
      slots[n++] = 0L;
    }
    java.util.Arrays.sort(slots, 0, n);
    int h = 0;
    for (int w = 0; w < bits.length; w++) {
      long word = bits[w];
      while (word != 0) {
        long v = base + ((long) w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
        while (h < n && slots[h] < v) {
          out.accept(slots[h++]);
        }
        out.accept(v);
      }
    }
    while (h < n) {
      out.accept(slots[h++]);
    }
    bits = new long[0];
    slots = new long[16];
    mask = 15;
    hasZero = false;
    hashed = 0;
    size = 0;
    based = false;
  }

  boolean contains(long v) {
    long off = v - base;
    if (based && off >= 0 && off < WINDOW) {
      int word = (int) (off >>> 6);
      return word < bits.length && (bits[word] & (1L << off)) != 0;
    }
    if (v == EMPTY) {
      return hasZero;
    }
    int i = mix(v) & mask;
    while (true) {
      long s = slots[i];
      if (s == EMPTY) {
        return false;
      }
      if (s == v) {
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** How many values live in the hash table rather than the bitmap (for tests). */
  int hashedCount() {
    return hashed + (hasZero ? 1 : 0);
  }

  private static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = slots.length - 1;
    for (long s : old) {
      if (s != EMPTY) {
        int i = mix(s) & mask;
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        slots[i] = s;
      }
    }
  }
}
