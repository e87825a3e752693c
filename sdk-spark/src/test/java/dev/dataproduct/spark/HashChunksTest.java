package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Every hash leaves in exactly one chunk, of its bucket (so equal hashes meet), full chunks while
 * reading and the rest at the end; the reduce side finds a repeat across chunks.
 */
class HashChunksTest {

  @Test
  void everyHashOnce_inItsBucket_inChunksOfAtMostChunk() throws Exception {
    Random random = new Random(7);
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < 3 * HashChunks.CHUNK + 17; i++) {
      hashes.add(random.nextLong());
    }
    List<Long> out = new ArrayList<>();
    Iterator<Tuple2<Integer, long[]>> chunks = new HashChunks(3).call(hashes.iterator());
    int full = 0;
    while (chunks.hasNext()) {
      Tuple2<Integer, long[]> c = chunks.next();
      assertThat(c._2().length).isBetween(1, HashChunks.CHUNK);
      if (c._2().length == HashChunks.CHUNK) {
        full++;
      }
      for (long h : c._2()) {
        assertThat(Math.floorMod(h, 3)).isEqualTo(c._1());
        out.add(h);
      }
    }
    assertThat(out).containsExactlyInAnyOrderElementsOf(hashes);
    assertThat(full).isGreaterThanOrEqualTo(2);
    assertThat(new HashChunks(3).call(List.<Long>of().iterator()).hasNext()).isFalse();
  }

  @Test
  void primitiveHashes_giveTheSameChunks() throws Exception {
    long[] hashes = new Random(9).longs(2 * HashChunks.CHUNK + 5).toArray();
    List<Tuple2<Integer, long[]>> boxed = new ArrayList<>();
    new HashChunks(4).call(java.util.Arrays.stream(hashes).boxed().iterator())
        .forEachRemaining(boxed::add);
    List<Tuple2<Integer, long[]>> primitive = new ArrayList<>();
    new HashChunks(4).call(java.util.Arrays.stream(hashes).iterator())
        .forEachRemaining(primitive::add);
    assertThat(primitive).hasSameSizeAs(boxed);
    for (int i = 0; i < boxed.size(); i++) {
      assertThat(primitive.get(i)._1()).isEqualTo(boxed.get(i)._1());
      assertThat(primitive.get(i)._2()).containsExactly(boxed.get(i)._2());
    }
  }

  @Test
  void chunksShrinkWithManyBuckets_soATaskHoldsAboutTwoMegabytes() {
    assertThat(HashChunks.chunk(2)).isEqualTo(HashChunks.CHUNK);
    assertThat(HashChunks.chunk(64)).isEqualTo(HashChunks.CHUNK);
    assertThat(HashChunks.chunk(200) * 200L * Long.BYTES).isBetween(1L << 20, 2L << 20);
    assertThat(HashChunks.chunk(100_000)).isEqualTo(256);
  }

  @Test
  void theReduceSide_findsARepeatAcrossChunks() throws Exception {
    List<long[]> chunks = List.of(new long[] {5, 1, 9}, new long[0], new long[] {7, 9});
    Iterator<Long> repeat = HashChunks.firstRepeat().call(chunks.iterator());
    assertThat(repeat.next()).isEqualTo(9L);
    List<long[]> distinct = List.of(new long[] {5, 1}, new long[] {7, 9});
    assertThat(HashChunks.firstRepeat().call(distinct.iterator()).hasNext()).isFalse();
  }
}
