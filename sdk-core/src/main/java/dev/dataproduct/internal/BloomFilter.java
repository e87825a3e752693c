package dev.dataproduct.internal;

/**
 * A Bloom filter over every key one rule spilled to disk ({@link SpilledKeys}), so that most keys
 * never seen before skip the disk. One filter covers all of the rule's runs, so merging runs
 * leaves it as it is (the set of keys does not change) and a lookup costs {@value #PROBES} memory
 * reads whatever the number of runs.
 *
 * <p>Its size is a power of two bits, fixed when it is built: the filter fills up as keys are
 * spilled, so its false-positive rate climbs with the keys per bit (about 2% at 10 bits per key,
 * 8% at 5, 30% at 2.7). {@value #PROBES} probes is the compromise for a filter whose final load
 * is not known: seven would be best at 10 bits per key but doubles the false positives at 3.
 * {@link #fold()} halves it in place when the memory budget needs room back: it then answers
 * "maybe" more often, never "no" for a key it holds. Not thread-safe.
 */
final class BloomFilter {
  /** Bits set per key, and memory reads per lookup. */
  static final int PROBES = 3;
  /** The smallest filter: one word. */
  static final long MIN_BITS = 64;
  /** Heap bytes of a filter besides its bits. */
  static final long HEADER_BYTES = 32;

  private long[] words;

  private BloomFilter(long[] words) {
    this.words = words;
  }

  /** An empty filter of {@code bits} bits, a power of two from {@value #MIN_BITS} to 2^36. */
  static BloomFilter ofBits(long bits) {
    if (bits < MIN_BITS || bits > 1L << 36 || Long.bitCount(bits) != 1) {
      throw new IllegalArgumentException("Bloom filter bits must be a power of two from 64 to"
          + " 2^36: " + bits);
    }
    return new BloomFilter(new long[(int) (bits >>> 6)]);
  }

  /** Adds the key with hash {@code h} ({@link KeyCodec#hash}). */
  void add(long h) {
    long mask = bits() - 1;
    long h2 = (h >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h + i * h2) & mask;
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  /** False when the key with hash {@code h} was certainly never added. */
  boolean mightContain(long h) {
    long mask = bits() - 1;
    long h2 = (h >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h + i * h2) & mask;
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Size in bits. */
  long bits() {
    return (long) words.length << 6;
  }

  /** Heap bytes of the bits. */
  long bytes() {
    return HEADER_BYTES + words.length * 8L;
  }

  /** Whether {@link #fold()} can still halve it. */
  boolean canFold() {
    return words.length > 1;
  }

  /**
   * Halves the filter: bit {@code i} of the result is set when bit {@code i} or bit {@code i +
   * size/2} was, which is exactly where a probe masked to the smaller size now looks.
   *
   * @return the heap bytes released
   */
  long fold() {
    int half = words.length / 2;
    long[] folded = new long[half];
    for (int i = 0; i < half; i++) {
      folded[i] = words[i] | words[i + half];
    }
    long before = bytes();
    words = folded;
    return before - bytes();
  }
}
