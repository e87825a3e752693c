package dev.dataproduct.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.Assertions;

/**
 * The property every storage adapter must have: each value written either reads back exactly
 * equal or its row is quarantined, with a reason naming the field; never anything else (no other
 * value, no lost row, no failed publication). Write {@link #rows} through a product into the
 * adapter's port, read the publication and the run's quarantine back, and hand all three to
 * {@link #assertExactOrQuarantined}.
 *
 * <p>An adapter's test, for a port of {@link #contract()}: edge and random values, then one value
 * per row the store cannot hold, each quarantined with the store's reason:
 *
 * <pre>{@code
 * @RegisterExtension final DataProductExtension dp = DataProductExtension.create();
 *
 * @Test
 * void everyValue_readsBackExactlyOrIsQuarantined() {
 *   OutputPort port = MyOutputPort.builder("values").contract(ValueRoundTrip.contract()).build();
 *   RunResult run = ValueRoundTrip.check(dp, port, 42L, 300);
 *   assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
 * }
 *
 * @Test
 * void oneUnstorableValuePerRow_isQuarantined_namingTheField() {
 *   OutputPort port = MyOutputPort.builder("values").contract(ValueRoundTrip.contract()).build();
 *   RunResult run = ValueRoundTrip.check(dp, port, List.of(
 *       ValueRoundTrip.row(1, "s", "fine"),
 *       ValueRoundTrip.row(2, "d", LocalDate.MAX)));
 *   assertThat(ValueRoundTrip.quarantineReasons(port, run))
 *       .containsExactly("field 'd' holds a date after 9999-12-31, the latest MyDB stores");
 * }
 * }</pre>
 *
 * <p>{@link #check} fails the test when a value read back differs from the one sent, when a row
 * is lost, duplicated, or quarantined by another rule or without naming a field, and when the
 * run fails. The parts are public for stores a product
 * cannot write through: {@link #rows}, {@link #assertExactOrQuarantined}, {@link #readAll}.
 *
 * <p>Numbers compare by value ({@code 1.50} equals {@code 1.5}, a {@code Double} the decimal of
 * its shortest text); timestamps exactly, with no rounding convention: a store keeping
 * microseconds declares {@code timestampPrecision(MICROS)} in its {@link
 * dev.dataproduct.spi.ValueDomain}, so a finer one is quarantined, never rounded.
 */
public final class ValueRoundTrip {

  /** One optional field per logical type, and a decimal with a declared scale. */
  public static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.optional("s", FieldType.STRING),
      Field.optional("i", FieldType.INTEGER),
      Field.optional("n", FieldType.NUMBER),
      Field.optional("m", FieldType.NUMBER).withDecimal(38, 10),
      Field.optional("b", FieldType.BOOLEAN),
      Field.optional("d", FieldType.DATE),
      Field.optional("t", FieldType.TIMESTAMP),
      Field.optional("o", FieldType.OBJECT),
      Field.optional("a", FieldType.ARRAY));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern RECORD_ID =
      java.util.regex.Pattern.compile("^\\{\"id\":\"(-?\\d+)\"");

  private ValueRoundTrip() {}

  /**
   * Rows of {@link #SCHEMA}: first every edge value of every field alone in its row (so that one
   * unstorable value does not hide the others), then {@code randomRows} rows of random values in
   * every field from {@code seed}. Ids count from 1.
   */
  public static List<Row> rows(long seed, int randomRows) {
    List<Row> rows = new ArrayList<>();
    long id = 1;
    for (int f = 1; f < SCHEMA.size(); f++) {
      for (Object edge : RandomValues.edges(SCHEMA.field(f).type())) {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = id++;
        values[f] = edge;
        rows.add(Row.of(SCHEMA, values));
      }
    }
    RandomValues random = RandomValues.seeded(seed);
    for (int r = 0; r < randomRows; r++) {
      Object[] values = new Object[SCHEMA.size()];
      values[0] = id++;
      for (int f = 1; f < SCHEMA.size(); f++) {
        Field field = SCHEMA.field(f);
        values[f] = field.scale().isPresent() && r % 4 != 0
            ? random.decimal(field.precision().getAsInt(), field.scale().getAsInt())
            : random.next(field.type());
      }
      rows.add(Row.of(SCHEMA, values));
    }
    return rows;
  }

  /**
   * Every sent row is either read back with every value equal, or quarantined (rule {@code
   * representable} or {@code schema}, a reason naming a field); no row is both, none is missing.
   *
   * @param sent the rows written, by {@link #rows}
   * @param readBack the rows of the publication, in any order
   * @param quarantined the {@link Quarantine#SCHEMA} records of the run
   * @return how many rows were quarantined, per rule
   */
  public static Map<String, Integer> assertExactOrQuarantined(List<Row> sent, List<Row> readBack,
      List<Row> quarantined) {
    Map<Long, Row> byId = new LinkedHashMap<>();
    for (Row r : sent) {
      byId.put(((Number) r.get("id")).longValue(), r);
    }
    List<String> problems = new ArrayList<>();
    Map<Long, String> fate = new HashMap<>();
    for (Row r : readBack) {
      long id = ((Number) r.get("id")).longValue();
      Row s = byId.get(id);
      if (s == null || fate.put(id, "written") != null) {
        problems.add("row " + id + " read back " + (s == null ? "but never sent" : "twice"));
        continue;
      }
      for (Field f : SCHEMA.fields()) {
        Object expected = s.get(f.name());
        Object actual = r.get(f.name());
        if (!same(f.type(), expected, actual)) {
          problems.add("row " + id + " field '" + f.name() + "': sent " + show(expected)
              + ", read back " + show(actual));
        }
      }
    }
    Map<String, Integer> rules = new LinkedHashMap<>();
    for (Row q : quarantined) {
      String rule = (String) q.get(Quarantine.RULE_ID);
      String reason = (String) q.get(Quarantine.REASON);
      // the id is the record's first field: a JSON parser may refuse the rest (an escaped
      // lone surrogate is valid JSON syntax, yet strict parsers reject it)
      java.util.regex.Matcher m = RECORD_ID.matcher((String) q.get(Quarantine.RECORD));
      Assertions.assertThat(m.find()).as("quarantine record starts with its id").isTrue();
      long id = Long.parseLong(m.group(1));
      rules.merge(rule, 1, Integer::sum);
      if (!Set.of(Quarantine.REPRESENTABLE_RULE_ID, Quarantine.SCHEMA_RULE_ID).contains(rule)
          || !reason.contains("field '")) {
        problems.add("row " + id + " quarantined by rule " + rule + ": " + reason);
      }
      if (fate.put(id, "quarantined") != null) {
        problems.add("row " + id + " both written and quarantined, or quarantined twice");
      }
    }
    for (Long id : byId.keySet()) {
      if (!fate.containsKey(id)) {
        problems.add("row " + id + " neither read back nor quarantined; sent "
            + show(byId.get(id).toMap()));
      }
    }
    Assertions.assertThat(problems).as("values that did not round-trip").isEmpty();
    return rules;
  }

  /** The contract {@code values} 1.0.0 of {@link #SCHEMA}, for the port under test. */
  public static DataContract contract() {
    return DataContract.builder("values").version("1.0.0").schema(SCHEMA).build();
  }

  /**
   * A row of {@link #SCHEMA} with {@code id} and {@code value} in {@code field}, every other
   * field null: one value, alone in its row, that the store may not hold.
   *
   * @throws IllegalArgumentException when {@link #SCHEMA} has no such field
   */
  public static Row row(long id, String field, Object value) {
    Objects.requireNonNull(field, "field");
    if (!SCHEMA.contains(field) || SCHEMA.indexOf(field) == 0) {
      throw new IllegalArgumentException("ValueRoundTrip.SCHEMA has no value field '" + field
          + "'; fields are " + SCHEMA.fieldNames() + ", the first one the id");
    }
    int index = SCHEMA.indexOf(field);
    Object[] values = new Object[SCHEMA.size()];
    values[0] = id;
    values[index] = value;
    return Row.of(SCHEMA, values);
  }

  /**
   * Writes {@link #rows}{@code (seed, randomRows)} through a product into {@code port} (a port of
   * {@link #SCHEMA}) and checks them as {@link #check(DataProductExtension, OutputPort, List)}
   * does.
   *
   * @return the run
   */
  public static RunResult check(DataProductExtension dp, OutputPort port, long seed,
      int randomRows) {
    return check(dp, port, rows(seed, randomRows));
  }

  /**
   * Writes {@code sent} (rows of {@link #SCHEMA}, ids unique) through a product into {@code port},
   * checks that the run succeeded with balanced accounts, reads the publication and the run's
   * quarantine back, and {@linkplain #assertExactOrQuarantined asserts the property}: every row
   * read back equal to the one sent, or quarantined naming a field.
   *
   * @return the run, for the counts ({@code run.output(name).written()}, {@code
   *     run.quarantined(name, rule)}) and {@link #quarantineReasons}
   */
  public static RunResult check(DataProductExtension dp, OutputPort port, List<Row> sent) {
    DataProduct product = DataProduct.builder("round-trip")
        .version("1.0.0")
        .domain("testing")
        .owner(Owner.business("owner@example.com"), Owner.technical("data-eng"))
        .input(InMemoryInputPort.of("in", SCHEMA, sent))
        .transform(Transforms.identity())
        .output(port)
        .policy(dev.dataproduct.policy.AccessPolicy.allowAll())
        .build();
    RunResult run = dp.run(product);
    Assertions.assertThat(run.error()).as("run error").isEmpty();
    Assertions.assertThat(run.accountingProblems()).isEmpty();
    PublicationStore store = dev.dataproduct.spi.PortStorage.store(port);
    List<Row> readBack = new ArrayList<>();
    try (BatchReader r = store.read(run.publication(port.name()).orElseThrow(), SCHEMA, 500)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        readBack.addAll(b);
      }
    }
    List<Row> quarantined = quarantineOf(store, run);
    assertExactOrQuarantined(sent, readBack, quarantined);
    Assertions.assertThat(readBack.size() + quarantined.size()).isEqualTo(sent.size());
    return run;
  }

  /** The reasons of the rows {@code run} quarantined at {@code port}, in quarantine order. */
  public static List<String> quarantineReasons(OutputPort port, RunResult run) {
    List<String> reasons = new ArrayList<>();
    for (Row q : quarantineOf(dev.dataproduct.spi.PortStorage.store(port), run)) {
      reasons.add((String) q.get(Quarantine.REASON));
    }
    return reasons;
  }

  private static List<Row> quarantineOf(PublicationStore store, RunResult run) {
    List<Row> rows = new ArrayList<>();
    for (Row q : readAll(store.quarantine(), Quarantine.SCHEMA)) {
      if (run.runId().equals(q.get(Quarantine.RUN_ID))) {
        rows.add(q);
      }
    }
    return rows;
  }

  /**
   * Every row of every committed publication of {@code store}, bound to {@code schema}: for a
   * port's data ({@link #SCHEMA}) or its quarantine ({@link Quarantine#SCHEMA}, from {@code
   * store.quarantine()}).
   */
  public static List<Row> readAll(dev.dataproduct.spi.PublicationStore store, Schema schema) {
    List<Row> all = new ArrayList<>();
    for (dev.dataproduct.Publication p : store.publications()) {
      try (dev.dataproduct.spi.BatchReader r = store.read(p, schema, 500)) {
        for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
          all.addAll(b);
        }
      }
    }
    return all;
  }

  /**
   * Whether {@code actual} reads back as {@code expected}: numbers by value, nested values with
   * their numbers by value, everything else (timestamps included) equal.
   */
  public static boolean same(FieldType type, Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    switch (type) {
      case NUMBER:
        if (expected instanceof Number && actual instanceof Number) {
          Double e = nonFinite(expected);
          Double a = nonFinite(actual);
          if (e != null || a != null) {
            return Objects.equals(e, a);
          }
          // compareTo, not stripTrailingZeros: that is quadratic on 200000-digit numbers
          return decimal(expected).compareTo(decimal(actual)) == 0;
        }
        return Objects.equals(expected, actual);
      case OBJECT:
      case ARRAY:
        return Objects.equals(normalize(expected), normalize(actual));
      default:
        return expected.equals(actual);
    }
  }

  private static Double nonFinite(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? null : d;
    }
    return null;
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString());
    }
    return new BigDecimal(v.toString());
  }

  /** Nested values with numbers compared by value and arrays as lists. */
  private static Object normalize(Object v) {
    if (v instanceof Map) {
      Map<String, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), normalize(x)));
      return m;
    }
    if (v instanceof Iterable) {
      List<Object> l = new ArrayList<>();
      ((Iterable<?>) v).forEach(x -> l.add(normalize(x)));
      return l;
    }
    if (v instanceof Object[]) {
      return normalize(java.util.Arrays.asList((Object[]) v));
    }
    if ((v instanceof Double || v instanceof Float)
        && !Double.isFinite(((Number) v).doubleValue())) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Number) {
      return decimal(v).stripTrailingZeros();
    }
    if (v instanceof JsonNode) {
      return normalize(JSON.convertValue(v, Object.class));
    }
    return v;
  }

  /** A value for messages: type, length, and its start with non-ASCII characters escaped. */
  static String show(Object v) {
    if (v == null) {
      return "null";
    }
    String s = String.valueOf(v);
    StringBuilder b = new StringBuilder(v.getClass().getSimpleName()).append('(');
    int n = Math.min(s.length(), 60);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > n) {
      b.append("... ").append(s.length()).append(" chars");
    }
    return b.append(')').toString();
  }
}
