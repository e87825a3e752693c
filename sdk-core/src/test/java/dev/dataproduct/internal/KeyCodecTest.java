package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key encoding, the packed key set, the Bloom filter and a spilled run, piece by piece. */
class KeyCodecTest {
  @TempDir Path dir;

  private static byte[] key(Object... parts) {
    KeyCodec c = new KeyCodec();
    for (Object p : parts) {
      c.value(p);
    }
    return c.toArray();
  }

  @Test
  void encode_equalValues_equalBytes_unequalValues_differentBytes() {
    List<Object> values = new ArrayList<>(Arrays.asList(null, 0L, 1L, -1L, Long.MIN_VALUE,
        Long.MAX_VALUE, 1.0, -0.0, 0.0, Double.NaN, new BigDecimal("1"), new BigDecimal("2.5"),
        "", "a", "ab", "\ud800", "\udc00", "\ud800\udc00", "\u00e9", true, false,
        LocalDate.of(2026, 1, 1), Instant.ofEpochSecond(5, 1), Instant.ofEpochSecond(5, 2), 7,
        (short) 7, (byte) 7, 7.0f, 'x', BigInteger.TEN, UUID.nameUUIDFromBytes(new byte[] {1}),
        List.of(), List.of(1L, "a"), List.of("a", 1L), Set.of(1L, 2L),
        Map.of("a", 1L), Map.of("a", 2L), Map.of("a", List.of(new BigDecimal("1.0")))));
    for (Object a : values) {
      for (Object b : values) {
        boolean same = a == null ? b == null : a.equals(b);
        if (a instanceof Double && b instanceof Double) {
          same = a.equals(b); // -0.0 and 0.0 differ, NaN equals NaN: as in a HashSet
        }
        assertThat(Arrays.equals(key(a), key(b))).as("%s vs %s", a, b).isEqualTo(same);
      }
    }
  }

  @Test
  void encode_topLevelDecimalsByValue_nestedOnesAsTheirEquals() {
    assertThat(key(new BigDecimal("1.0"))).isEqualTo(key(new BigDecimal("1.00")));
    assertThat(key(List.of(new BigDecimal("1.0"))))
        .isNotEqualTo(key(List.of(new BigDecimal("1.00"))));
  }

  @Test
  void encode_mapsInAnyOrder_equal_compositeIsSelfDelimiting() {
    Map<String, Object> a = new HashMap<>();
    Map<String, Object> b = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      a.put("k" + i, (long) i);
    }
    for (int i = 49; i >= 0; i--) {
      b.put("k" + i, (long) i);
    }
    assertThat(key(a)).isEqualTo(key(b));
    assertThat(key("ab", "c")).isNotEqualTo(key("a", "bc"));
    assertThat(key(null, "a")).isNotEqualTo(key("a", null));
  }

  @Test
  void encode_unknownNestedType_isRefused() {
    assertThatThrownBy(() -> key(List.of(new Object())))
        .isInstanceOf(KeyCodec.UnencodableKeyException.class);
  }

  @Test
  void longKeys_sortAsNumbers_andHashAsTheirBytes() {
    long[] v = {Long.MIN_VALUE, -5, -1, 0, 1, 300, Long.MAX_VALUE};
    byte[] prev = null;
    for (long x : v) {
      byte[] b = new byte[8];
      KeyCodec.putLong(b, 0, x);
      assertThat(KeyCodec.getLong(b, 0)).isEqualTo(x);
      assertThat(KeyCodec.hash(x)).isEqualTo(KeyCodec.hash(b, 0, 8));
      if (prev != null) {
        assertThat(Arrays.compareUnsigned(prev, b)).isNegative();
      }
      prev = b;
    }
  }

  @Test
  void byteKeySet_likeAHashSet_thenSortsInPlace() {
    ByteKeySet set = new ByteKeySet();
    java.util.Set<String> ref = new java.util.HashSet<>();
    Random rnd = new Random(3);
    KeyCodec c = new KeyCodec();
    for (int i = 0; i < 30_000; i++) {
      int big = rnd.nextInt(3_000);
      String s = "v" + rnd.nextInt(20_000) + (big == 0 ? "y".repeat(600_000)
          : big < 30 ? "x".repeat(70_000) : "");
      c.reset().value(s);
      long h = KeyCodec.hash(c.bytes(), 0, c.length());
      assertThat(set.add(c.bytes(), c.length(), h)).isEqualTo(ref.add(s));
      assertThat(set.contains(c.bytes(), c.length(), h)).isTrue();
    }
    assertThat(set.size()).isEqualTo(ref.size());
    int n = set.sortInPlace();
    assertThat(n).isEqualTo(ref.size());
    byte[] prev = null;
    for (int i = 0; i < n; i++) {
      byte[] chunk = set.chunkOf(i);
      int pos = set.positionOf(i);
      int len = ByteKeySet.lengthAt(chunk, pos);
      int from = pos + ByteKeySet.varintSize(len);
      byte[] k = Arrays.copyOfRange(chunk, from, from + len);
      if (prev != null) {
        assertThat(Arrays.compareUnsigned(prev, k)).isNegative();
      }
      prev = k;
    }
  }

  @Test
  void bloomFilter_folded_neverForgetsAKey() {
    BloomFilter f = BloomFilter.ofBits(1 << 17); // 13 bits per key
    Random rnd = new Random(1);
    long[] added = new long[10_000];
    for (int i = 0; i < added.length; i++) {
      added[i] = KeyCodec.hash(rnd.nextLong());
      f.add(added[i]);
    }
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++) {
      falsePositives += f.mightContain(KeyCodec.hash(rnd.nextLong())) ? 1 : 0;
    }
    assertThat(falsePositives).as("false positives in 10,000").isLessThan(300);
    while (f.canFold()) {
      long before = f.bytes();
      assertThat(f.fold()).isPositive();
      assertThat(f.bytes()).isLessThan(before);
      for (long h : added) {
        assertThat(f.mightContain(h)).isTrue();
      }
    }
  }

  @Test
  void keyRun_ofFixedWidthKeys_findsItsKeysOnly_andReadsBackInOrder() throws IOException {
    KeyRun run;
    long[] ids = new long[50_000];
    try (KeyRun.Writer w = KeyRun.writer(dir.resolve("r.keys"))) {
      byte[] b = new byte[8];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = i * 3L - 70_000;
        KeyCodec.putLong(b, 0, ids[i]);
        w.add(b, 0, 8);
      }
      run = w.finish();
    }
    assertThat(run.count()).isEqualTo(ids.length);
    assertThat(run.fileBytes()).as("a 1-byte length and 8 bytes per key").isEqualTo(9L * 50_000);
    ByteBuffer block = ByteBuffer.allocate(run.maxBlock());
    byte[] b = new byte[9];
    for (long probe = -70_010; probe < 80_000; probe += 7) {
      KeyCodec.putLong(b, 0, probe);
      boolean expected = probe >= -70_000 && probe <= ids[ids.length - 1]
          && (probe + 70_000) % 3 == 0;
      assertThat(run.contains(b, 8, block)).as("%s", probe).isEqualTo(expected);
      assertThat(run.contains(b, 9, block)).as("%s and a byte more", probe).isFalse();
    }
    try (KeyRun.Cursor c = run.cursor()) {
      for (long id : ids) {
        assertThat(c.next()).isTrue();
        assertThat(KeyCodec.getLong(c.key(), 0)).isEqualTo(id);
      }
      assertThat(c.next()).isFalse();
    }
    run.delete();
    assertThat(dir.resolve("r.keys")).doesNotExist();
  }

  @Test
  void keyRun_ofKeysOfManyLengths_findsItsKeysOnly_andReadsBackInOrder() throws IOException {
    TreeSet<String> keys = new TreeSet<>();
    Random rnd = new Random(3);
    while (keys.size() < 20_000) {
      // lengths 1 to 300: two-byte length varints, and keys longer than a block's share
      keys.add("k".repeat(rnd.nextInt(300)) + Integer.toString(rnd.nextInt(1 << 20), 36));
    }
    KeyRun run;
    try (KeyRun.Writer w = KeyRun.writer(dir.resolve("v.keys"))) {
      for (String k : keys) { // ASCII: string order is byte order
        byte[] b = k.getBytes(StandardCharsets.US_ASCII);
        w.add(b, 0, b.length);
      }
      run = w.finish();
    }
    ByteBuffer block = ByteBuffer.allocate(run.maxBlock());
    for (int i = 0; i < 20_000; i++) {
      String k = i % 2 == 0 ? keys.higher("k".repeat(rnd.nextInt(300)))
          : "k".repeat(rnd.nextInt(300)) + Integer.toString(rnd.nextInt(1 << 20), 36);
      if (k == null) {
        continue;
      }
      byte[] b = k.getBytes(StandardCharsets.US_ASCII);
      assertThat(run.contains(b, b.length, block)).as(k).isEqualTo(keys.contains(k));
    }
    try (KeyRun.Cursor c = run.cursor()) {
      for (String k : keys) {
        assertThat(c.next()).isTrue();
        assertThat(new String(c.key(), 0, c.length(), StandardCharsets.US_ASCII)).isEqualTo(k);
      }
      assertThat(c.next()).isFalse();
    }
    run.delete();
  }
}
