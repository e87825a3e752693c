package dev.dataproduct.internal;

/**
 * An open-addressing set of primitive longs (no boxing), for uniqueness checks on INTEGER keys.
 * Not thread-safe.
 */
public final class LongHashSet {
  private static final long EMPTY = 0L;
  private long[] slots;
  private boolean hasZero;
  private int size;
  private int mask;

  public LongHashSet(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[cap];
    mask = cap - 1;
  }

  /** Adds {@code v}; false when it was present. */
  public boolean add(long v) {
    if (v == EMPTY) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      size++;
      return true;
    }
    int i = mix(v) & mask;
    while (true) {
      long s = slots[i];
      if (s == EMPTY) {
        slots[i] = v;
        if (++size * 2 > slots.length) {
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

  public boolean contains(long v) {
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

  public int size() {
    return size;
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
