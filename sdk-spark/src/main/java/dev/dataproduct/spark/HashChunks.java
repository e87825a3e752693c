package dev.dataproduct.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The key hashes of one partition of the single pass, bucketed for the key check's shuffle: each
 * hash goes to bucket {@code floorMod(hash, buckets)} (so equal hashes meet in one bucket), and
 * a bucket is emitted as one {@code long[]} whenever {@link #CHUNK} hashes fill it, then the rest
 * at the end. The shuffle then moves a few arrays per task instead of a record per hash, and the
 * task holds at most one chunk per bucket ({@code buckets × 32 KB}).
 */
final class HashChunks implements PairFlatMapFunction<Iterator<Long>, Integer, long[]> {
  private static final long serialVersionUID = 1L;
  /** Hashes per emitted array. */
  static final int CHUNK = 4096;

  private final int buckets;

  HashChunks(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public Iterator<Tuple2<Integer, long[]>> call(Iterator<Long> hashes) {
    return new Iterator<>() {
      private final long[][] chunks = new long[buckets][];
      private final int[] fill = new int[buckets];
      private Tuple2<Integer, long[]> next;
      private int rest; // the next bucket to empty once the hashes are read

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (hashes.hasNext()) {
            long h = hashes.next();
            int b = Math.floorMod(h, buckets);
            if (chunks[b] == null) {
              chunks[b] = new long[CHUNK];
            }
            chunks[b][fill[b]++] = h;
            if (fill[b] == CHUNK) {
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
    return chunks -> first.call(new Iterator<>() {
      private long[] chunk = new long[0];
      private int i;

      @Override
      public boolean hasNext() {
        while (i == chunk.length) {
          if (!chunks.hasNext()) {
            return false;
          }
          chunk = chunks.next();
          i = 0;
        }
        return true;
      }

      @Override
      public Long next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk[i++];
      }
    });
  }
}
