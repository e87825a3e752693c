package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Equal keys hash equal (a repeat is never missed); different keys, and keys of different rules,
 * do not.
 */
class KeyHashTest {

  @Test
  void equalKeysHashEqual_andTheKeyIndexSeparatesRules() {
    assertThat(KeyHash.of(0, "Long:3:123")).isEqualTo(KeyHash.of(0, new String("Long:3:123")));
    assertThat(KeyHash.of(0, "Long:3:123")).isNotEqualTo(KeyHash.of(1, "Long:3:123"));
  }

  @Test
  void aMillionConsecutiveIds_haveAMillionHashes() {
    Set<Long> hashes = new HashSet<>();
    for (long id = 0; id < 1_000_000; id++) {
      String key = Long.toString(id);
      hashes.add(KeyHash.of(0, "Long:" + key.length() + ":" + key));
    }
    assertThat(hashes).hasSize(1_000_000);
  }
}
