package dev.dataproduct.internal;

/**
 * The 64-bit key hashes of {@link RowJudge#keyHashes}, computed from a key's values as they are,
 * without {@link RowJudge#keyOf}'s string. Each value is hashed as a function of what its
 * {@link RowJudge#encode encoding} holds (its class and its text), so values with equal encodings
 * hash equal: a {@code Long} or {@code Integer} by its number (the text of a number is a function
 * of the number and back), a {@code String} by its characters, any other value (decimals without
 * their trailing zeros, dates, instants, ...) by its encoding itself. The fields of a composite
 * key are hashed in order, a null field as the null mark, so equal keys' strings (whose fields are
 * delimited by their lengths) give equal hashes. A single {@code Long} key gets distinct hashes
 * for distinct values (each step is a bijection of the value); other keys collide as random
 * 64-bit values. Fixed constants only: the same in every JVM.
 */
final class KeyHashes {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long NULL = 0x4e554c4cL;
  private static final long LONG = 0x4c4f4e47L;
  private static final long INTEGER = 0x494e5447L;
  private static final long STRING = 0x53545247L;
  private static final long OTHER = 0x4f544852L;

  private KeyHashes() {}

  /** The hash of key number {@code key} before its first value. */
  static long seed(int key) {
    return mix(FNV_OFFSET ^ key);
  }

  /** {@code h} followed by value {@code v} (null for a null field of a composite key). */
  static long value(long h, Object v) {
    if (v == null) {
      return mix(h ^ NULL);
    }
    if (v instanceof Long l) {
      return mix(mix(h ^ LONG) ^ l);
    }
    if (v instanceof Integer i) {
      return mix(mix(h ^ INTEGER) ^ i);
    }
    if (v instanceof String s) {
      return chars(mix(h ^ STRING), s);
    }
    return chars(mix(h ^ OTHER), RowJudge.encode(new StringBuilder(), v));
  }

  /** The hash of a key whose values are all in {@code h}. */
  static long finish(long h) {
    return mix(h);
  }

  private static long chars(long h, CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return mix(h ^ n);
  }

  /** MurmurHash3's 64-bit finalizer: a bijection. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93e3c5ad33bL;
    h ^= h >>> 33;
    return h;
  }
}
