package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

  private static void behavesLikeHashSet(LongSupplier values, int n) {
    LongHashSet set = new LongHashSet(4);
    Set<Long> ref = new HashSet<>();
    for (int i = 0; i < n; i++) {
      long v = values.getAsLong();
      assertThat(set.add(v)).as("add %s", v).isEqualTo(ref.add(v));
    }
    assertThat(set.size()).isEqualTo(ref.size());
    for (long v : ref) {
      assertThat(set.contains(v)).isTrue();
    }
    for (long probe : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 27,
        (1L << 27) + 1}) {
      assertThat(set.contains(probe)).as("contains %s", probe).isEqualTo(ref.contains(probe));
    }
  }

  @Test
  void add_randomLongsZeroAndNegatives_likeHashSet() {
    Random rnd = new Random(42);
    int[] i = {0};
    behavesLikeHashSet(() -> i[0]++ % 3 == 0 ? rnd.nextInt(1000) - 500 : rnd.nextLong(),
        50_000);
  }

  @Test
  void add_denseAscendingIdsWithDuplicates_likeHashSet() {
    Random rnd = new Random(7);
    long[] next = {1_000_000};
    behavesLikeHashSet(() -> rnd.nextInt(20) == 0 ? next[0] - rnd.nextInt(50) : next[0]++,
        200_000);
  }

  @Test
  void add_denseIds_stayInTheBitmap_sparseOnesInTheHashTable() {
    LongHashSet set = new LongHashSet(16);
    for (long id = 42; id < 1_000_042; id++) {
      set.add(id);
    }
    assertThat(set.size()).isEqualTo(1_000_000);
    assertThat(set.hashedCount()).isZero();
    set.add(-5_000_000_000L);
    set.add(Long.MAX_VALUE);
    assertThat(set.hashedCount()).isEqualTo(2);
    assertThat(set.add(500_000)).isFalse();
  }

  @Test
  void add_valuesAroundTheWindowEdgesAndExtremes_likeHashSet() {
    long[] values = {5, 4, -65_536, -65_537, (1L << 27) - 65_537, (1L << 27) - 65_536,
        Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 0, 5, Long.MIN_VALUE};
    int[] i = {0};
    behavesLikeHashSet(() -> values[i[0]++], values.length);
  }

  @Test
  void add_firstValueNearLongMinValue_doesNotOverflowTheBase() {
    long[] values = {Long.MIN_VALUE + 3, Long.MIN_VALUE, Long.MIN_VALUE + 3, Long.MAX_VALUE, 0};
    int[] i = {0};
    behavesLikeHashSet(() -> values[i[0]++], values.length);
  }
}
