package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uniqueness gives the same verdicts whether its keys stay in the heap or spill to disk: every
 * key type, nulls, composite keys, dense and sparse integers, with a budget so small that the
 * keys spill every few dozen rows.
 */
class UniquenessSpillTest {
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static final Schema ALL = Schema.of(
      Field.optional("sparse", FieldType.INTEGER),
      Field.optional("dense", FieldType.INTEGER),
      Field.optional("s", FieldType.STRING),
      Field.optional("n", FieldType.NUMBER),
      Field.optional("dec", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("b", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("o", FieldType.OBJECT),
      Field.optional("a", FieldType.ARRAY));

  @TempDir Path dir;

  private static List<RowRule> rules() {
    List<RowRule> rules = new ArrayList<>();
    for (Field f : ALL.fields()) {
      rules.add(Rules.unique(f.name()));
    }
    rules.add(Uniqueness.compositeKeyRule("primary-key-unique", ALL,
        List.of(ALL.field(ALL.indexOf("s")), ALL.field(ALL.indexOf("dense")))));
    rules.add(Uniqueness.compositeKeyRule("day-n-b", ALL, List.of(ALL.field(ALL.indexOf("day")),
        ALL.field(ALL.indexOf("n")), ALL.field(ALL.indexOf("b")))));
    return rules;
  }

  /** Rows with canonical values, nulls and many repeated values in every field. */
  private static List<Row> rows(int n, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] v = new Object[ALL.size()];
      v[0] = rnd.nextInt(20) == 0 ? null : rnd.nextBoolean() ? (long) (rnd.nextInt(n) * 7919L)
          * 1_000_003L : rnd.nextLong() | 1L; // sparse: far apart, some negative
      v[1] = (long) rnd.nextInt(n) - 50;
      v[2] = rnd.nextInt(20) == 0 ? null : rnd.nextInt(10) == 0 ? "\ud800x" + rnd.nextInt(50)
          : "k-" + rnd.nextInt(n) + "-\u00e9\u4e2d";
      int m = rnd.nextInt(n / 2);
      v[3] = rnd.nextBoolean() ? (Object) (double) m : new BigDecimal(m + ".0");
      v[4] = new BigDecimal(rnd.nextInt(n) + "." + (rnd.nextBoolean() ? "5" : "50"));
      v[5] = rnd.nextInt(5) == 0 ? null : rnd.nextBoolean();
      v[6] = LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(n));
      v[7] = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(n), rnd.nextInt(3));
      Map<String, Object> o = new LinkedHashMap<>();
      int k = rnd.nextInt(n / 3);
      if (rnd.nextBoolean()) {
        o.put("x", (long) k);
        o.put("y", List.of("a", k % 7));
      } else {
        o.put("y", List.of("a", k % 7));
        o.put("x", (long) k);
      }
      v[8] = o;
      v[9] = rnd.nextInt(10) == 0 ? null : List.of((long) rnd.nextInt(n / 4), "z");
      rows.add(Row.of(ALL, v));
    }
    return rows;
  }

  private static RowCheck[] compile(KeyBudget budget) {
    return RowChecks.compileAll(rules(), ALL, NOW, budget, "output port 'p'",
        Uniqueness.PUBLICATION);
  }

  private static RowCheck compile(RowRule rule, Schema schema, KeyBudget budget) {
    return RowChecks.compile(rule, schema, NOW, budget, "output port 'p'",
        Uniqueness.PUBLICATION);
  }

  /** Per row and check: null when it passes, else its reason. */
  private static List<String> verdicts(RowCheck[] checks, List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      for (RowCheck c : checks) {
        out.add(c.test(r) ? null : c.rule().id() + ": " + c.reason(r));
      }
    }
    return out;
  }

  private long filesUnder(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void verdicts_withTinyBudget_equalTheHeapOnes_forEveryKeyType() throws IOException {
    List<Row> rows = rows(6_000, 11);
    List<String> inHeap = verdicts(compile(KeyBudget.heap()), rows);
    KeyBudget tiny = KeyBudget.of(256 * 1024, dir);
    List<String> spilled;
    try {
      spilled = verdicts(compile(tiny), rows);
      assertThat(tiny.spillCount()).as("spills").isGreaterThan(10);
      assertThat(filesUnder(dir)).as("spill files during the run").isPositive();
    } finally {
      tiny.close();
    }
    assertThat(spilled).isEqualTo(inHeap);
    // every rule found duplicates (the rows repeat values in every field)
    for (RowRule r : rules()) {
      assertThat(inHeap).as(r.id()).anyMatch(v -> v != null && v.startsWith(r.id() + ":"));
    }
    assertThat(inHeap).contains("primary-key-unique: row fails custom rule 'primary-key-unique'"
        + " (primary key (s, dense) unique within the publication)");
    assertThat(filesUnder(dir)).as("spill files after close").isZero();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).as("the run's spill directory is deleted").isEmpty();
    }
  }

  @Test
  void verdicts_ofManySparseLongs_withSmallBudget_equalTheHeapOnes() throws IOException {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    Random rnd = new Random(5);
    long[] ids = new long[120_000];
    for (int i = 0; i < ids.length; i++) {
      // every tenth id repeats one seen before
      ids[i] = i > 0 && rnd.nextInt(10) == 0 ? ids[rnd.nextInt(i)] : rnd.nextLong();
    }
    RowCheck heap = RowChecks.compile(Rules.unique("id"), s, NOW);
    try (KeyBudget budget = KeyBudget.of(64 * 1024, dir)) {
      RowCheck small = compile(Rules.unique("id"), s, budget);
      for (long id : ids) {
        Row r = Row.of(s, id);
        assertThat(small.test(r)).as("id %s", id).isEqualTo(heap.test(r));
      }
      assertThat(budget.spillCount()).isGreaterThan(16);
      assertThat(budget.used()).as("heap charged").isLessThan(2 * 64 * 1024);
    }
    assertThat(filesUnder(dir)).isZero();
  }

  @Test
  void composite_withNullParts_nullsCompareEqual_asInTheHeap() {
    Schema s = Schema.of(Field.optional("a", FieldType.STRING),
        Field.optional("b", FieldType.NUMBER));
    RowRule pk = Uniqueness.compositeKeyRule("primary-key-unique", s, s.fields());
    try (KeyBudget budget = KeyBudget.of(1, dir)) {
      RowCheck c = compile(pk, s, budget);
      assertThat(c.test(Row.of(s, null, new BigDecimal("1.0")))).isTrue();
      assertThat(c.test(Row.of(s, null, new BigDecimal("1.00")))).isFalse();
      assertThat(c.test(Row.of(s, "x", null))).isTrue();
      assertThat(c.test(Row.of(s, "x", null))).isFalse();
      assertThat(c.test(Row.of(s, "x", 1.0))).as("a double is not a decimal").isTrue();
    }
  }

  @Test
  void spill_toAFileInsteadOfADirectory_failsNamingTheRuleAndTheSetting() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    try (KeyBudget budget = KeyBudget.of(1, notADirectory)) {
      RowCheck c = compile(Rules.unique("id"), s, budget);
      assertThatThrownBy(() -> {
        for (long i = 0; i < 100_000; i++) {
          c.test(Row.of(s, i * 1_000_003L));
        }
      }).isInstanceOf(KeyMemoryException.class)
          .hasMessageContaining("rule 'id-unique' of output port 'p'")
          .hasMessageContaining("spillDirectory(path)");
    }
  }

  @Test
  void close_releasesTheKeys_laterUseIsRefused() {
    Schema s = Schema.of(Field.required("id", FieldType.INTEGER));
    KeyBudget budget = KeyBudget.of(1 << 20, dir);
    RowCheck c = compile(Rules.unique("id"), s, budget);
    assertThat(c.test(Row.of(s, 1L))).isTrue();
    assertThat(budget.used()).isPositive();
    budget.close();
    assertThat(budget.used()).isZero();
    assertThatThrownBy(() -> c.test(Row.of(s, 2L))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rule 'id-unique' of output port 'p'");
  }
}
