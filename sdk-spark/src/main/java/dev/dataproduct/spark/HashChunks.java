package dev.dataproduct.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The key hashes of one partition of the single pass, bucketed for the key check's shuffle: each
 * hash goes to bucket {@code floorMod(hash, buckets)} (so equal hashes meet in one bucket), and
 * a bucket is emitted as one {@code long[]} whenever {@link #chunk(int)} hashes fill it, then the
 * rest at the end. The shuffle then moves a few arrays per task instead of a record per hash, and
 * the task holds at most one chunk per bucket: {@link #CHUNK} hashes (32 KB) each up to 64
 * buckets, smaller ones beyond, so that a task holds about 2 MB of them at most up to 1,024
 * buckets (beyond, chunks stay at 256 hashes, 2 KB each).
 */
final class HashChunks implements PairFlatMapFunction<Iterator<Long>, Integer, long[]> {
  private static final long serialVersionUID = 1L;
  /** Hashes per emitted array, at most. */
  static final int CHUNK = 4096;

  private final int buckets;
  private final int chunk;

  HashChunks(int buckets) {
    this.buckets = buckets;
    this.chunk = chunk(buckets);
  }

  /** The hashes per emitted array with {@code buckets} buckets. */
  static int chunk(int buckets) {
    return Math.max(256, Math.min(CHUNK, (1 << 18) / buckets));
  }

  @Override
  public Iterator<Tuple2<Integer, long[]>> call(Iterator<Long> hashes) {
    PrimitiveIterator.OfLong longs = hashes instanceof PrimitiveIterator.OfLong primitive
        ? primitive : null; // read without a Long each when the hashes come as primitives
    return new Iterator<>() {
      private final long[][] chunks = new long[buckets][];
      private final int[] fill = new int[buckets];
      private Tuple2<Integer, long[]> next;
      private int rest; // the next bucket to empty once the hashes are read

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (hashes.hasNext()) {
            long h = longs != null ? longs.nextLong() : hashes.next();
            int b = Math.floorMod(h, buckets);
            if (chunks[b] == null) {
              chunks[b] = new long[chunk];
            }
            chunks[b][fill[b]++] = h;
            if (fill[b] == chunk) {
              next = new Tuple2<>(b, chunks[b]);
              chunks[b] = null;
              fill[b] = 0;
            }
          } else {
            while (rest < buckets && fill[rest] == 0) {
              rest++;
            }
            if (rest == buckets) {
              return false;
            }
            next = new Tuple2<>(rest, Arrays.copyOf(chunks[rest], fill[rest]));
            chunks[rest] = null;
            fill[rest] = 0;
          }
        }
        return true;
      }

      @Override
      public Tuple2<Integer, long[]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Tuple2<Integer, long[]> t = next;
        next = null;
        return t;
      }
    };
  }

  /** On the reduce side: {@link FirstRepeat} over the hashes of a partition's chunks. */
  static FlatMapFunction<Iterator<long[]>, Long> firstRepeat() {
    FirstRepeat first = new FirstRepeat();
    return first::chunks;
  }
}
