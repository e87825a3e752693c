package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spilled keys of one rule answer exactly whatever the filter says: with a one-word filter
 * (every lookup passes it and reads the runs), across merges, with keys of one length and of
 * many, and after the filter is rebuilt larger.
 */
class SpilledKeysTest {
  @TempDir Path dir;

  /** Spills {@code keys} (new to {@code seen}, which then holds them) as the rule does. */
  private static void spill(SpilledKeys spilled, Set<String> seen, List<byte[]> keys)
      throws IOException {
    TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
    for (byte[] k : keys) {
      if (!spilled.contains(k, k.length, KeyCodec.hash(k, 0, k.length))
          && seen.add(Arrays.toString(k))) {
        sorted.add(k);
      }
    }
    KeyRun run;
    try (SpilledKeys.Spill s = spilled.spill(sorted.size())) {
      for (byte[] k : sorted) {
        s.add(k, 0, k.length, KeyCodec.hash(k, 0, k.length));
      }
      run = s.finish();
    }
    spilled.add(run);
  }

  private static byte[] longKey(long v) {
    byte[] b = new byte[8];
    KeyCodec.putLong(b, 0, v);
    return b;
  }

  private static byte[] key(Random rnd) {
    return rnd.nextInt(3) == 0 ? longKey(rnd.nextInt(100_000))
        : ("k" + rnd.nextInt(100_000)).repeat(1 + rnd.nextInt(3))
            .getBytes(StandardCharsets.US_ASCII);
  }

  private static void assertExact(SpilledKeys spilled, Set<String> seen, Random rnd,
      List<byte[]> probes) {
    for (byte[] k : probes) {
      assertThat(spilled.contains(k, k.length, KeyCodec.hash(k, 0, k.length)))
          .as(new String(k, StandardCharsets.ISO_8859_1))
          .isEqualTo(seen.contains(Arrays.toString(k)));
    }
  }

  @Test
  void withAOneWordFilter_everyLookupReadsTheRuns_andTheAnswersAreExact() throws IOException {
    try (KeyBudget budget = KeyBudget.of(1, dir)) { // no room for filters: 64 bits
      SpilledKeys spilled = new SpilledKeys(budget);
      Set<String> seen = new HashSet<>();
      Random rnd = new Random(7);
      List<byte[]> all = new ArrayList<>();
      for (int s = 0; s < 40; s++) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          batch.add(key(rnd));
        }
        spill(spilled, seen, batch);
        all.addAll(batch);
        assertThat(spilled.filterBits()).isEqualTo(BloomFilter.MIN_BITS);
        // sizes fall by a factor of at least 4 from the oldest run to the newest
        assertThat(spilled.runCount()).as("runs after %d spills", s + 1)
            .isLessThanOrEqualTo(1 + (int) Math.ceil(Math.log(s + 1) / Math.log(4)) + 1);
        List<byte[]> probes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          probes.add(i % 2 == 0 ? all.get(rnd.nextInt(all.size())) : key(rnd));
        }
        assertExact(spilled, seen, rnd, probes);
      }
      assertThat(spilled.count()).isEqualTo(seen.size());
      assertThat(spilled.runCount()).isLessThan(40);
    }
  }

  @Test
  void runsOfLongKeys_answerOtherLengthsWithoutAMatch() throws IOException {
    try (KeyBudget budget = KeyBudget.of(1, dir)) {
      SpilledKeys spilled = new SpilledKeys(budget);
      Set<String> seen = new HashSet<>();
      List<byte[]> longs = new ArrayList<>();
      for (long v = 0; v < 5_000; v++) {
        longs.add(longKey(v * 31));
      }
      spill(spilled, seen, longs);
      byte[] longer = Arrays.copyOf(longKey(31), 9);
      byte[] shorter = Arrays.copyOf(longKey(31), 7);
      assertExact(spilled, seen, new Random(1), List.of(longKey(31), longKey(32), longer,
          shorter, new byte[0]));
      // a later run of other lengths, large enough to be merged: the merged run holds both
      List<byte[]> others = new ArrayList<>(List.of(longer, shorter));
      for (int i = 0; i < 2_000; i++) {
        others.add(("s" + i).getBytes(StandardCharsets.US_ASCII));
      }
      spill(spilled, seen, others);
      assertThat(spilled.runCount()).isEqualTo(1);
      assertExact(spilled, seen, new Random(1), List.of(longKey(31), longKey(32), longer,
          shorter, new byte[0], Arrays.copyOf(longKey(62), 9)));
    }
  }

  @Test
  void filter_isRebuiltLargerAsKeysAccumulate_andForgetsNoKey() throws IOException {
    try (KeyBudget budget = KeyBudget.of(64 << 20, dir)) {
      SpilledKeys spilled = new SpilledKeys(budget);
      Set<String> seen = new HashSet<>();
      Random rnd = new Random(11);
      List<byte[]> all = new ArrayList<>();
      List<byte[]> first = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        first.add(longKey(rnd.nextLong()));
      }
      spill(spilled, seen, first);
      all.addAll(first);
      long small = spilled.filterBits();
      assertThat(small).as("room for 4 x 100 keys at 10 bits").isEqualTo(4096);
      for (int s = 0; s < 10; s++) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          batch.add(longKey(rnd.nextLong()));
        }
        spill(spilled, seen, batch);
        all.addAll(batch);
      }
      assertThat(spilled.filterBits()).isGreaterThan(small * 8);
      assertThat(spilled.filterBits()).isGreaterThanOrEqualTo(spilled.count() * 10 / 2);
      assertExact(spilled, seen, rnd, all);
      List<byte[]> fresh = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        fresh.add(longKey(rnd.nextLong()));
      }
      assertExact(spilled, seen, rnd, fresh);
    }
  }
}
