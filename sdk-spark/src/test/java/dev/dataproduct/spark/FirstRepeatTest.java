package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first repeated hash of a partition, found in the set in memory or, once the set is full,
 * among the hashes spilled to files by their bits, level after level (the files deleted
 * afterwards, whatever the answer).
 */
class FirstRepeatTest {
  @TempDir Path spill;

  @Test
  void distinctHashes_noRepeat_inMemoryAndSpilled() throws IOException {
    List<Long> distinct = distinct(10_000);

    assertThat(repeats(distinct, FirstRepeat.SLOTS)).isEmpty();
    assertThat(repeats(distinct, 1_024)).isEmpty(); // spilled once, each file fits
    assertThat(repeats(distinct, 16)).isEmpty(); // files spilled again, two levels down
    assertThat(repeats(List.of(), 2)).isEmpty();
    assertThat(repeats(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE), 2)).isEmpty();
  }

  @Test
  void aRepeatedHash_isFound_inMemory_andAmongSpilledHashes() throws IOException {
    List<Long> hashes = distinct(10_000);
    long repeated = hashes.get(17);
    hashes.add(9_000, repeated); // its twin long spilled when it arrives

    assertThat(repeats(hashes, FirstRepeat.SLOTS)).containsExactly(repeated);
    assertThat(repeats(hashes, 1_024)).containsExactly(repeated);
    assertThat(repeats(hashes, 16)).containsExactly(repeated);
    List<Long> few = distinct(300);
    few.add(200, few.get(3));
    assertThat(repeats(few, 2)).containsExactly(few.get(3)); // every level spills
    assertThat(repeats(List.of(5L, 3L, 5L), 2)).containsExactly(5L);
    assertThat(repeats(List.of(0L, 7L, 0L), 2)).containsExactly(0L); // 0, the empty slot
    assertThat(repeats(List.of(1L, 2L, 3L, 4L, 3L), 2)).containsExactly(3L); // after a spill
  }

  @Test
  void hashesSharingTheirTopBits_stillEnd() throws IOException {
    // every hash in the same file for five levels: each level spills them all again
    List<Long> hashes = new ArrayList<>();
    for (long i = 1; i <= 3_000; i++) {
      hashes.add(i << 20);
    }
    assertThat(repeats(hashes, 64)).isEmpty();
    hashes.add(1_234L << 20);
    assertThat(repeats(hashes, 64)).containsExactly(1_234L << 20);
  }

  @Test
  void theChunkedInput_givesTheSameAnswers() throws IOException {
    List<Long> hashes = distinct(5_000);
    List<long[]> chunks = new ArrayList<>();
    for (int from = 0; from < hashes.size(); from += 700) {
      chunks.add(hashes.subList(from, Math.min(hashes.size(), from + 700)).stream()
          .mapToLong(Long::longValue).toArray());
    }
    FirstRepeat first = new FirstRepeat(256, spill.toString());
    assertThat(first.chunks(chunks.iterator()).hasNext()).isFalse();
    chunks.add(new long[] {hashes.get(4_321)});
    assertThat(first.chunks(chunks.iterator()).next()).isEqualTo(hashes.get(4_321));
    assertThat(left()).isEmpty();
  }

  private List<Long> repeats(List<Long> hashes, int slots) throws IOException {
    Iterator<Long> out = new FirstRepeat(slots, spill.toString()).call(hashes.iterator());
    List<Long> found = new ArrayList<>();
    out.forEachRemaining(found::add);
    assertThat(left()).as("spill files left").isEmpty();
    return found;
  }

  private List<Path> left() throws IOException {
    try (Stream<Path> files = Files.list(spill)) {
      return files.toList();
    }
  }

  private static List<Long> distinct(int n) {
    Random random = new Random(42);
    List<Long> hashes = new ArrayList<>(random.longs().distinct().limit(n).boxed().toList());
    Collections.shuffle(hashes, random);
    return hashes;
  }
}
