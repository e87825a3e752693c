package dev.dataproduct.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.OutputJudge;
import dev.dataproduct.spi.ValueDomain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputJudge#keyHashes} follows {@link OutputJudge#keyOf}'s equality: equal key strings
 * give equal hashes (a repeat is never missed), a null single-field key gives no hash, and
 * different keys (and the keys of different rules) get different hashes.
 */
class KeyHashesTest {
  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asUnique(),
      Field.optional("ref", FieldType.STRING).asUnique(),
      Field.optional("amount", FieldType.NUMBER).asUnique(),
      Field.required("day", FieldType.DATE).asPrimaryKey(),
      Field.required("country", FieldType.STRING).asPrimaryKey(),
      Field.optional("other", FieldType.INTEGER).asUnique());

  private static OutputJudge judge() {
    DataContract contract = DataContract.builder("keyed").version("1.0.0").schema(SCHEMA).build();
    return OutputJudge.of(contract, ValueDomain.unrestricted(), Action.QUARANTINE, Instant.now());
  }

  @Test
  void equalKeyStrings_giveEqualHashes_differentOnesDifferentHashes() {
    OutputJudge judge = judge();
    assertThat(judge.keys()).hasSize(5);
    List<Row> rows = new ArrayList<>();
    String[] refs = {"a", "b", "ab", "1", "", null};
    String[] amounts = {"1", "1.0", "1.00", "10", "1E+1", "0.1", "0", "0.00", "-1", "123.4500"};
    for (int i = 0; i < 600; i++) {
      rows.add(judge.judge(Row.of(SCHEMA, (long) (i % 37), refs[i % refs.length],
          i % 11 == 0 ? null : new BigDecimal(amounts[i % amounts.length]),
          LocalDate.of(2026, 1, 1 + i % 3), refs[(i / 3) % 5], i % 7 == 0 ? null : (long) (i % 13)))
          .row());
    }
    Map<String, Long> byKey = new HashMap<>();
    Set<Long> distinct = new HashSet<>();
    long[] into = new long[judge.keys().size()];
    int claimed = 0;
    for (Row r : rows) {
      int n = judge.keyHashes(r, into);
      int h = 0;
      for (int k = 0; k < judge.keys().size(); k++) {
        String key = judge.keyOf(k, r);
        if (key == null) {
          continue;
        }
        Long earlier = byKey.putIfAbsent(k + "/" + key, into[h]);
        if (earlier != null) {
          assertThat(into[h]).as("key %s of %s", k, key).isEqualTo(earlier);
        }
        distinct.add(into[h]);
        h++;
      }
      assertThat(n).isEqualTo(h);
      claimed += n;
    }
    assertThat(claimed).isLessThan(rows.size() * 5); // null keys claimed nothing
    assertThat(distinct).hasSameSizeAs(byKey.keySet());
    // decimals compare by value, as in keyOf: 1, 1.0 and 1.00 are one key, so one hash
    int amount = judge.keys().stream().map(OutputJudge.Key::fields).toList()
        .indexOf(List.of("amount"));
    assertThat(judge.keyOf(amount, rows.get(1))).isEqualTo(judge.keyOf(amount, rows.get(2)));
    assertThat(judge.keyOf(amount, rows.get(3))).isEqualTo(judge.keyOf(amount, rows.get(4)));
    assertThat(byKey.get(amount + "/" + judge.keyOf(amount, rows.get(1))))
        .isNotEqualTo(byKey.get(amount + "/" + judge.keyOf(amount, rows.get(3))));
  }

  @Test
  void theSameValueUnderTwoRules_hashesDifferently() {
    OutputJudge judge = judge();
    Row r = judge.judge(Row.of(SCHEMA, 5L, null, null, LocalDate.of(2026, 1, 1), "x", 5L)).row();
    long[] into = new long[judge.keys().size()];
    assertThat(judge.keyHashes(r, into)).isEqualTo(3); // id, other, (day, country)
    assertThat(new HashSet<>(List.of(into[0], into[1], into[2]))).hasSize(3);
  }

  @Test
  void aMillionConsecutiveIds_haveAMillionHashes() {
    OutputJudge judge = judge();
    Set<Long> hashes = new HashSet<>();
    long[] into = new long[judge.keys().size()];
    for (long id = 0; id < 1_000_000; id++) {
      Row r = Row.of(SCHEMA, id, null, null, LocalDate.of(2026, 1, 1), "x", null);
      judge.keyHashes(r, into);
      hashes.add(into[0]);
    }
    assertThat(hashes).hasSize(1_000_000);
  }
}
