package dev.dataproduct.spark;

/**
 * A 64-bit hash of one key of a row ({@link dev.dataproduct.spi.OutputJudge#keyOf}, with the
 * index of the key among the contract's keys): equal keys always hash equal; different keys
 * collide with a probability of about n²/2⁶⁵ among n keys (3·10⁻⁶ for ten million). The single
 * pass shuffles these hashes instead of the keys: a repeated hash sends the job to the ordered
 * pass, which compares the keys themselves, so a collision costs time, never a wrong verdict.
 */
final class KeyHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private KeyHash() {}

  /** FNV-1a over the key's characters, finished with MurmurHash3's 64-bit mix. */
  static long of(int key, String value) {
    long h = FNV_OFFSET ^ key;
    for (int i = 0; i < value.length(); i++) {
      h ^= value.charAt(i);
      h *= FNV_PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93e3c5ad33bL;
    h ^= h >>> 33;
    return h;
  }
}
