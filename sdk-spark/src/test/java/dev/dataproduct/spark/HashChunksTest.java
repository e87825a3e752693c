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
  void theReduceSide_findsARepeatAcrossChunks() throws Exception {
    List<long[]> chunks = List.of(new long[] {5, 1, 9}, new long[0], new long[] {7, 9});
    Iterator<Long> repeat = HashChunks.firstRepeat().call(chunks.iterator());
    assertThat(repeat.next()).isEqualTo(9L);
    List<long[]> distinct = List.of(new long[] {5, 1}, new long[] {7, 9});
    assertThat(HashChunks.firstRepeat().call(distinct.iterator()).hasNext()).isFalse();
  }
}
