package dev.dataproduct.internal;

/**
 * A Bloom filter over the keys of one spilled run ({@link KeyRun}), so that most keys never seen
 * before skip the disk. Its size is a power of two bits, which lets {@link #fold()} halve it in
 * place when the run's memory budget needs the room back: the filter then answers "maybe" more
 * often, never "no" for a key it holds. Not thread-safe.
 */
final class BloomFilter {
  /** The most bits per key a filter is built with (about 1% false positives at 7 probes). */
  static final int MAX_BITS_PER_KEY = 10;
  private static final int MIN_WORDS = 1;

  private long[] words;
  private final int probes;

  private BloomFilter(long[] words, int probes) {
    this.words = words;
    this.probes = probes;
  }

  /**
   * A filter for {@code keys} keys with about {@code bitsPerKey} bits each (rounded to the
   * nearer power of two in total, at least 64 bits); {@code null} when {@code bitsPerKey} is
   * below 1.
   */
  static BloomFilter create(long keys, int bitsPerKey) {
    if (bitsPerKey < 1) {
      return null;
    }
    long bits = Math.max(64, Math.min(keys * bitsPerKey, 1L << 36));
    long want = bits >>> 6;
    long words = Long.highestOneBit(want);
    if (words + words / 2 < want) {
      words <<= 1; // the nearer power of two
    }
    words = Math.min(words, 1 << 30);
    double perKey = words * 64.0 / Math.max(1, keys);
    int probes = (int) Math.max(1, Math.min(7, Math.round(perKey * 0.69)));
    return new BloomFilter(new long[(int) words], probes);
  }

  /** Adds the key with hash {@code h} ({@link KeyCodec#hash}). */
  void add(long h) {
    long mask = (long) words.length * 64 - 1;
    long h2 = (h >>> 32) | 1;
    for (int i = 0; i < probes; i++) {
      long bit = (h + i * h2) & mask;
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  /** False when the key with hash {@code h} was certainly never added. */
  boolean mightContain(long h) {
    long mask = (long) words.length * 64 - 1;
    long h2 = (h >>> 32) | 1;
    for (int i = 0; i < probes; i++) {
      long bit = (h + i * h2) & mask;
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Heap bytes of the bits. */
  long bytes() {
    return 16L + words.length * 8L;
  }

  /** Whether {@link #fold()} can still halve it. */
  boolean canFold() {
    return words.length > MIN_WORDS;
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
