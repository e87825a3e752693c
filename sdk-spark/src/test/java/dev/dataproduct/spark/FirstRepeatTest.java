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
 * The first repeated hash of a partition, found in memory or, beyond one run, across sorted runs
 * spilled to files (deleted afterwards, whatever the answer).
 */
class FirstRepeatTest {
  @TempDir Path spill;

  @Test
  void distinctHashes_noRepeat_inMemoryAndAcrossSpilledRuns() throws IOException {
    List<Long> distinct = distinct(10_000);

    assertThat(repeats(distinct, FirstRepeat.RUN)).isEmpty();
    assertThat(repeats(distinct, 1_000)).isEmpty(); // ten runs, nine spilled
    assertThat(repeats(distinct, 999)).isEmpty(); // a short last run
    assertThat(repeats(List.of(), 1_000)).isEmpty();
    assertThat(repeats(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE), 1)).isEmpty();
  }

  @Test
  void aRepeatedHash_isFound_withinARun_andAcrossRuns() throws IOException {
    List<Long> hashes = distinct(10_000);
    long repeated = hashes.get(17);
    hashes.add(9_000, repeated); // in the last run of 1,000, its twin in the first

    assertThat(repeats(hashes, FirstRepeat.RUN)).containsExactly(repeated);
    assertThat(repeats(hashes, 1_000)).containsExactly(repeated);
    assertThat(repeats(hashes, 10_001)).containsExactly(repeated); // one run, exactly full
    assertThat(repeats(hashes, 10)).containsExactly(repeated);
    assertThat(repeats(List.of(5L, 3L, 5L), 1)).containsExactly(5L); // every hash a run
    assertThat(repeats(List.of(1L, 2L, 3L, 3L, 5L), 2)).containsExactly(3L); // after a spill
  }

  private List<Long> repeats(List<Long> hashes, int run) throws IOException {
    Iterator<Long> out = new FirstRepeat(run, spill.toString()).call(hashes.iterator());
    List<Long> found = new ArrayList<>();
    out.forEachRemaining(found::add);
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left).as("spilled runs left").isEmpty();
    }
    return found;
  }

  private static List<Long> distinct(int n) {
    Random random = new Random(42);
    List<Long> hashes = new ArrayList<>(random.longs().distinct().limit(n).boxed().toList());
    Collections.shuffle(hashes, random);
    return hashes;
  }
}
