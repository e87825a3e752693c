package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

  @Test
  void add_behavesLikeHashSet_acrossGrowthZeroAndNegatives() {
    LongHashSet set = new LongHashSet(4);
    Set<Long> ref = new HashSet<>();
    Random rnd = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      long v = i % 3 == 0 ? rnd.nextInt(1000) - 500 : rnd.nextLong();
      assertThat(set.add(v)).isEqualTo(ref.add(v));
    }
    assertThat(set.size()).isEqualTo(ref.size());
    assertThat(set.contains(0)).isEqualTo(ref.contains(0L));
    for (long v : ref) {
      assertThat(set.contains(v)).isTrue();
    }
    assertThat(set.contains(Long.MIN_VALUE + 17)).isEqualTo(ref.contains(Long.MIN_VALUE + 17));
  }
}
