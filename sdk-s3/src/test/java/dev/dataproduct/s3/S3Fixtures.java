package dev.dataproduct.s3;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Orders rows, a contract over them, and helpers to run and read products on S3. */
public final class S3Fixtures {
  public static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.optional("ordered_on", FieldType.DATE),
      Field.optional("ordered_at", FieldType.TIMESTAMP),
      Field.optional("note", FieldType.STRING));

  static final Instant T0 = Instant.parse("2026-01-31T08:00:00.250Z");

  private S3Fixtures() {}

  public static DataContract contract(String version) {
    return DataContract.builder("orders").version(version).schema(ORDERS)
        .description("Confirmed orders")
        .rule(Rules.range("amount", BigDecimal.ZERO, null))
        .rule(Rules.allowedValues("country", "DE", "FR", "IT", "ES"))
        .rule(Rules.rowCount(0, null))
        .build();
  }

  public static Row order(long i) {
    String[] countries = {"DE", "FR", "IT", "ES"};
    return Row.of(ORDERS, i, countries[(int) (i % 4)], BigDecimal.valueOf(i * 7 % 100_000, 2),
        "customer" + i + "@example.com", LocalDate.of(2026, 1, 1).plusDays(i % 31),
        T0.plusMillis(i * 1_001), "note " + i + (i % 5 == 0 ? ", with \"quotes\"\nand a newline"
            : ""));
  }

  public static List<Row> orders(long from, int count) {
    List<Row> rows = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      rows.add(order(i));
    }
    return rows;
  }

  /** A product copying {@code input} to {@code output}. */
  static DataProduct product(String name, InputPort input, OutputPort output,
      Telemetry telemetry) {
    return DataProduct.builder(name).version("1.0.0").domain("sales")
        .owner(Owner.business("ana@example.com"), Owner.technical("sales-data-eng"))
        .input(input)
        .transform(dev.dataproduct.Transforms.identity())
        .output(output)
        .policy(AccessPolicy.allow("owner"))
        .telemetry(telemetry)
        .build();
  }

  static DataProduct copy(List<Row> rows, OutputPort output, Telemetry telemetry) {
    return product("orders-copy", InMemoryInputPort.of("orders", relaxed(ORDERS), rebind(rows,
        relaxed(ORDERS))), output, telemetry);
  }

  /** The schema with every field optional and unconstrained, so the output contract decides. */
  static Schema relaxed(Schema s) {
    List<Field> fields = new ArrayList<>();
    for (Field f : s.fields()) {
      fields.add(Field.optional(f.name(), f.type()));
    }
    return Schema.of(fields);
  }

  static List<Row> rebind(List<Row> rows, Schema s) {
    return rows.stream().map(r -> Row.of(s, r.toArray())).collect(Collectors.toList());
  }

  /**
   * Reads {@code port} as a tester with the role {@code owner}, through a test product holding it
   * (a product's port is read through the product, where its policies apply).
   */
  static List<Row> readAll(OutputPort port, ReadOptions options) {
    OutputPort readable = product("reader", InMemoryInputPort.of("in", ORDERS), port,
        Telemetry.global()).output(port.name());
    List<Row> all = new ArrayList<>();
    try (BatchReader r = readable.read(Principal.of("tester").withRoles("owner"), options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  public static List<Row> drain(BatchReader r) {
    List<Row> all = new ArrayList<>();
    try (r) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  public static List<String> keys(S3Client s3, String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
      page.contents().stream().map(S3Object::key).forEach(keys::add);
    }
    return keys;
  }

  static String text(S3Client s3, String bucket, String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
  }

  /** Publishes {@code rows} through the SPI directly, as run "spi-run". */
  public static dev.dataproduct.Publication publish(dev.dataproduct.spi.PublicationStore store,
      List<Row> rows) {
    dev.dataproduct.spi.PublicationWriter w = store.open(
        dev.dataproduct.testing.TestWriteContext.of("orders", contract("1.0.0")).runId("spi-run"));
    w.write(rows);
    return w.commit();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends java.time.Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(java.time.Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records every request as "Operation key" and can make requests fail. */
  static final class Recorder implements ExecutionInterceptor {
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile java.util.function.Predicate<String> failWhen = r -> false;
    volatile boolean dead;
    /** Requests whose response is lost once (the server did the work, the client sees an error). */
    volatile java.util.function.Predicate<String> loseResponseOnce = r -> false;
    private final java.util.Set<String> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void beforeExecution(Context.BeforeExecution context,
        ExecutionAttributes attributes) {
      String op = context.request().getClass().getSimpleName().replace("Request", "");
      String key = context.request().getValueForField("Key", String.class).orElse("");
      if (context.request() instanceof DeleteObjectsRequest) {
        key = ((DeleteObjectsRequest) context.request()).delete().objects().get(0).key();
      }
      String request = op + " " + key;
      if (dead) {
        throw SdkClientException.create("simulated crash: the process is gone (" + request + ")");
      }
      if (failWhen.test(request)) {
        dead = true; // a killed process sends nothing afterwards either
        throw SdkClientException.create("simulated crash before " + request);
      }
      requests.add(request);
    }

    @Override
    public void afterExecution(Context.AfterExecution context,
        ExecutionAttributes attributes) {
      String op = context.request().getClass().getSimpleName().replace("Request", "");
      String request = op + " " + context.request().getValueForField("Key", String.class)
          .orElse("");
      if (loseResponseOnce.test(request) && lost.add(request)) {
        throw SdkClientException.create("simulated timeout after " + request + " succeeded");
      }
    }

    List<String> matching(String fragment) {
      return requests.stream().filter(r -> r.contains(fragment)).collect(Collectors.toList());
    }

    Map<String, Long> counts() {
      return requests.stream().collect(Collectors.groupingBy(r -> r.split(" ")[0],
          Collectors.counting()));
    }
  }

  /** A field of every logical type (the same as the format tests' schema in sdk-core). */
  static final Schema ALL_TYPES = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.optional("text", FieldType.STRING),
      Field.optional("price", FieldType.NUMBER).withDecimal(20, 4),
      Field.optional("ratio", FieldType.NUMBER),
      Field.optional("flag", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("at", FieldType.TIMESTAMP),
      Field.optional("attrs", FieldType.OBJECT),
      Field.optional("tags", FieldType.ARRAY));

  /** Rows of {@link #ALL_TYPES} with nulls, escapes, extremes and nested values. */
  static List<Row> allTypes() {
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of(ALL_TYPES, 1L, "plain", new BigDecimal("1234567890123456.7890"), 0.1, true,
        LocalDate.of(2026, 2, 28), Instant.parse("2026-03-01T12:34:56.123456789Z"),
        Map.of("k", "v"), List.of("a", "b")));
    rows.add(Row.of(ALL_TYPES, 2L, "ünïcødé € \uD83D\uDE00, \"quoted\",\nnew line\r\nCRLF\ttab",
        new BigDecimal("-0.0001"), -1.5e10, false, LocalDate.of(1, 1, 1),
        Instant.parse("1969-12-31T23:59:59.999Z"),
        Map.of("nested", Map.of("n", 42L), "list", List.of(1L, 2.5, "x")),
        List.of(Map.of("a", true))));
    rows.add(Row.of(ALL_TYPES, 3L, null, null, null, null, null, null, null, null));
    rows.add(Row.of(ALL_TYPES, 4L, "", new BigDecimal("0.0000"),
        new BigDecimal("3.14159265358979323846"), true, LocalDate.of(9999, 12, 31),
        Instant.parse("2000-01-01T00:00:00Z"), Map.of(), List.of()));
    rows.add(Row.of(ALL_TYPES, Long.MAX_VALUE, " leading and trailing spaces ",
        new BigDecimal("1E+3").setScale(4), Double.MIN_VALUE, false, LocalDate.of(2024, 2, 29),
        Instant.parse("+12345-01-01T00:00:00Z"), null, List.of("")));
    return rows;
  }

  /** A read context for driving an input port named {@code orders} directly, outside a run. */
  static dev.dataproduct.testing.TestReadContext readContext(int batchSize) {
    return dev.dataproduct.testing.TestReadContext.of("orders").batchSize(batchSize);
  }

  /** The test class path, for a child JVM the test starts (every entry checked to exist). */
  static String childClasspath() throws java.io.IOException {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank() && !new java.io.File(entry).exists()) {
        throw new java.io.IOException("Class path entry " + entry + " does not exist");
      }
    }
    return cp;
  }
}
