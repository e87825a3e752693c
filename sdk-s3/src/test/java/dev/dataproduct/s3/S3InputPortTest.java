package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.s3.S3Fixtures.contract;
import static dev.dataproduct.s3.S3Fixtures.copy;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static dev.dataproduct.s3.S3Fixtures.readAll;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.InputPort;
import dev.dataproduct.policy.Action;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.S3Fixtures.MutableClock;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.testing.DataProductExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

class S3InputPortTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private static final String UPSTREAM = "sales/orders";

  /** What the downstream product expects of the orders: a subset of the upstream fields. */
  private static final Schema EXPECTED = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  private static final Schema TOTALS = Schema.of(
      Field.required("country", FieldType.STRING).asPrimaryKey(),
      Field.required("total", FieldType.NUMBER).withDecimal(14, 2));

  private final String bucket = S3.newBucket();

  private OutputPort upstreamPort(String version) {
    return S3OutputPort.builder("orders-lake").client(S3.client()).bucket(bucket)
        .prefix(UPSTREAM).contract(contract(version)).build();
  }

  private void publishUpstream(String version, List<Row> rows) {
    dp.run(copy(rows, upstreamPort(version), dp.telemetry())).orThrow();
  }

  private S3InputPort.ProductBuilder upstream() {
    return S3InputPort.product("orders").client(S3.client()).bucket(bucket).prefix(UPSTREAM)
        .as("owner").schema(EXPECTED).contractMajor(1);
  }

  /** Totals per country: the second product, consuming the first through S3. */
  private DataProduct totals(InputPort orders, OutputPort out) {
    Transform sum = ctx -> {
      Map<String, BigDecimal> totals = new HashMap<>();
      for (Row r : ctx.rows("orders")) {
        totals.merge(r.getString("country"), r.getDecimal("amount"), BigDecimal::add);
      }
      totals.forEach((c, t) -> ctx.emit(Row.of(TOTALS, c, t)));
    };
    return DataProduct.builder("country-totals").version("1.0.0").domain("finance")
        .owner(Owner.business("cfo@example.com"), Owner.technical("finance-eng"))
        .input(orders).transform(sum).output(out).telemetry(dp.telemetry()).build();
  }

  private OutputPort totalsPort() {
    return S3OutputPort.builder("totals").client(S3.client()).bucket(bucket)
        .prefix("finance/totals").contract(DataContract.builder("totals").version("1.0.0")
            .schema(TOTALS).build()).build();
  }

  private static BigDecimal total(List<Row> rows, String country) {
    return rows.stream().filter(r -> r.getString("country").equals(country))
        .map(r -> r.getDecimal("amount")).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  // -------------------------------------------------------------------------------------------
  // product()

  @Test
  void product_readsThroughTheUpstreamsStoredPolicies_piiMasked_andWithoutAGrantIsDenied() {
    publishUpstream("1.0.0", orders(1, 10));
    Schema withEmail = Schema.of(Field.required("order_id", FieldType.INTEGER),
        Field.optional("customer_email", FieldType.STRING));
    // granted (the upstream allows "owner"): the pii e-mail is masked, it was never unmasked
    List<Row> seen = S3Fixtures.drain(S3InputPort.product("orders").client(S3.client())
        .bucket(bucket).prefix(UPSTREAM).upstream("orders-copy", "orders-lake").as("owner")
        .schema(withEmail).contractMajor(1).build().read(readContext()));
    assertThat(seen).hasSize(10).allSatisfy(r -> assertThat(r.get("customer_email")).isNull());

    RunResult denied = dp.run(totals(S3InputPort.product("orders").client(S3.client())
        .bucket(bucket).prefix(UPSTREAM).upstream("orders-copy", "orders-lake")
        .schema(EXPECTED).contractMajor(1).build(), totalsPort()));

    assertThat(denied).failed().publishedNothing();
    assertThat(denied).error().isInstanceOf(dev.dataproduct.AccessDeniedException.class)
        .hasMessageContaining("Product 'country-totals' may not read port 'orders-lake' of"
            + " product 'orders-copy'").hasMessageContaining("role [owner]");
  }

  @Test
  void product_readsTheLatestUpstreamPublication_intoTheDownstreamProduct() {
    publishUpstream("1.0.0", orders(1, 100));
    List<Row> latest = orders(1_000, 400);
    publishUpstream("1.2.0", latest);
    OutputPort out = totalsPort();

    RunResult run = dp.run(totals(upstream().build(), out));

    assertThat(run).succeeded().wrote("totals", 4);
    assertThat(run.input("orders").read()).isEqualTo(400);
    List<Row> totals = readAll(out, ReadOptions.latest());
    assertThat(totals).contains(Row.of(TOTALS, "DE", total(latest, "DE")));
    io.opentelemetry.sdk.trace.data.SpanData read = dp.spans("dataproduct.read orders").stream()
        .filter(x -> "country-totals".equals(x.getAttributes().get(
            dev.dataproduct.telemetry.TelemetryNames.PRODUCT_NAME)))
        .findFirst().orElseThrow();
    assertThat(read.getAttributes().asMap().toString())
        .contains("dataproduct.port.type=s3")
        .contains("aws.s3.bucket=" + bucket)
        .contains("aws.s3.key=" + UPSTREAM + "/manifests/00000000000000000002.json");
  }

  @Test
  void product_pinnedToAPublication_readsThatOne() {
    List<Row> first = orders(1, 100);
    publishUpstream("1.0.0", first);
    publishUpstream("1.0.0", orders(500, 10));
    OutputPort out = totalsPort();

    dp.run(totals(upstream().publication(1).build(), out)).orThrow();

    assertThat(readAll(out, ReadOptions.latest())).contains(
        Row.of(TOTALS, "FR", total(first, "FR")));
  }

  @Test
  void product_withUnacceptedMajorVersion_failsNamingBothVersions() {
    publishUpstream("2.1.0", orders(1, 10));

    RunResult run = dp.run(totals(upstream().build(), totalsPort()));

    assertThat(run).failed().publishedNothing();
    assertThat(run.error().orElseThrow()).isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("accepts contract 'orders' major version 1")
        .hasMessageContaining("checked against 2.1.0")
        .hasMessageContaining("publication 1 of port 'orders-lake' (s3://" + bucket + "/"
            + UPSTREAM + ")");
    assertThat(((IncompatibleContractException) run.error().orElseThrow()).changes())
        .containsExactly("contract major version 2 is not accepted (accepted: 1)");
    assertThat(run.input("orders").read()).isZero();
  }

  @Test
  void product_acceptingSeveralMajors_readsEither() {
    publishUpstream("2.0.0", orders(1, 10));
    RunResult run = dp.run(totals(upstream().contractMajor(2).build(), totalsPort()));
    assertThat(run).succeeded();
    assertThat(run.input("orders").read()).isEqualTo(10);
  }

  @Test
  void product_missingRequiredFieldOrOtherType_failsListingEachDifference() {
    publishUpstream("1.0.0", orders(1, 10));
    Schema wants = Schema.of(Field.required("order_id", FieldType.STRING),
        Field.required("vat", FieldType.NUMBER), Field.optional("coupon", FieldType.STRING));

    assertThatThrownBy(() -> upstream().schema(wants).build().read(readContext()))
        .isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("field 'order_id' is integer upstream, this port expects string")
        .hasMessageContaining("required field 'vat' is missing upstream")
        .hasMessageNotContaining("coupon");
  }

  @Test
  void product_withWrongContractId_fails() {
    publishUpstream("1.0.0", orders(1, 10));
    assertThatThrownBy(() -> upstream().contractId("invoices").build().read(readContext()))
        .isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("expects contract 'invoices'")
        .hasMessageContaining("contract 'orders' 1.0.0");
  }

  @Test
  void product_withoutAnyPublication_failsSayingSo() {
    assertThatThrownBy(() -> upstream().build().read(readContext()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("(s3://" + bucket + "/" + UPSTREAM + ") has no publication yet");
  }

  @Test
  void product_pinnedToMissingPublication_failsListingTheRetainedOnes() {
    publishUpstream("1.0.0", orders(1, 10));
    assertThatThrownBy(() -> upstream().publication(9).build().read(readContext()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("has no publication 9; retained publications are [1]");
  }

  @Test
  void product_olderThanMaxAge_failsAsStale() {
    publishUpstream("1.0.0", orders(1, 10));
    MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(30)));
    assertThatThrownBy(() -> upstream().maxAge(Duration.ofHours(24)).clock(clock).build()
        .read(readContext()))
        .isInstanceOf(DataProductException.class)
        .hasMessageContaining("older than the accepted PT24H");
    assertThat(S3Fixtures.drain(upstream().maxAge(Duration.ofDays(2)).clock(clock).build()
        .read(readContext()))).hasSize(10);
  }

  @Test
  void product_builderWithoutMajorOrSchema_failsNamingTheSetting() {
    assertThatThrownBy(() -> S3InputPort.product("orders").client(S3.client()).bucket(bucket)
        .prefix(UPSTREAM).schema(EXPECTED).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contractMajor");
    assertThatThrownBy(() -> S3InputPort.product("orders").client(S3.client()).bucket(bucket)
        .prefix(UPSTREAM).contractMajor(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no schema");
    assertThatThrownBy(() -> S3InputPort.product("bad name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad name'");
  }

  // -------------------------------------------------------------------------------------------
  // files()

  private void put(String key, String content) {
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  @Test
  void files_csv_ingestsEveryFileInKeyOrder_andQuarantinesBadValuesWithReasons() {
    put("landing/orders/2026-01-31/b.csv", "order_id,country,amount\r\n3,IT,3.00\r\n"
        + "4,ES,not-a-number\r\n");
    put("landing/orders/2026-01-31/a.csv", "country,order_id,amount,extra\n"
        + "DE,1,1.50,x\nFR,2,\"2,50\",y\n");
    put("landing/orders/2026-01-31/readme.txt", "not data");
    put("landing/orders/2026-02-01/c.csv", "order_id,country,amount\n9,DE,9.00\n");
    InputPort raw = S3InputPort.files("orders").client(S3.client()).bucket(bucket)
        .prefix("landing/orders/2026-01-31/").format(Formats.csv()).schema(EXPECTED).build();
    OutputPort out = cleanOutput();

    RunResult run = dp.run(ingest(raw, out));

    assertThat(run).succeeded().wrote("clean", 2).accountingBalanced();
    assertThat(run.input("orders").read()).isEqualTo(4);
    assertThat(run.input("orders").quarantined()).isEqualTo(2);
    assertThat(run.quarantined("orders", Quarantine.SCHEMA_RULE_ID)).isEqualTo(2);
    assertThat(readAll(out, ReadOptions.latest())).extracting(r -> r.getLong("order_id"))
        .containsExactly(1L, 3L);
    List<Row> rejected = S3Fixtures.drain(PortStorage.quarantine(out).read(PortStorage.quarantine(out).latest()
        .orElseThrow(), Quarantine.SCHEMA, 10));
    assertThat(rejected).extracting(r -> r.getString(Quarantine.REASON))
        .containsOnly("field 'amount' expects number, got String");
    assertThat(rejected).extracting(r -> r.getString(Quarantine.RECORD))
        .anySatisfy(r -> assertThat(r).contains("2,50"))
        .anySatisfy(r -> assertThat(r).contains("not-a-number"));
  }

  @Test
  void files_jsonLines_mapsFieldsByName_andMalformedLineFailsNamingFileAndLine() {
    put("raw/1.jsonl", "{\"amount\":1.00,\"order_id\":1,\"country\":\"DE\",\"unknown\":[1]}\n"
        + "{\"order_id\":2,\"country\":\"FR\",\"amount\":2.00}\n");
    put("raw/2.jsonl", "{\"order_id\":3,\"country\":\"IT\",\"amount\":3.00}\n"
        + "{\"order_id\":4,\"country\":\"ES\",\"secret\":\"hunter2\" oops}\n"
        + "{\"order_id\":5,\"country\":\"ES\",\"amount\":5.00}\n");
    InputPort raw = S3InputPort.files("orders").client(S3.client()).bucket(bucket)
        .prefix("raw/").schema(EXPECTED).build();

    dev.dataproduct.spi.BatchReader reader = raw.read(S3Fixtures.readContext(2));
    assertThat(reader.next()).containsExactly(
        Row.of(EXPECTED, 1L, "DE", new BigDecimal("1.00")),
        Row.of(EXPECTED, 2L, "FR", new BigDecimal("2.00")));
    assertThatThrownBy(reader::next).isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/raw/2.jsonl line 2")
        .hasMessageNotContaining("hunter2");
    assertThat(reader.next()).isEmpty(); // closed after the failure
  }

  private OutputPort cleanOutput() {
    return S3OutputPort.builder("clean").client(S3.client()).bucket(bucket)
        .prefix("sales/clean").contract(DataContract.builder("clean").version("1.0.0")
            .schema(EXPECTED).build()).build();
  }

  /** A product copying one raw input into one output. */
  private DataProduct ingest(InputPort raw, OutputPort out) {
    return DataProduct.builder("ingest").version("1.0.0").domain("sales")
        .owner(Owner.business("a@example.com"), Owner.technical("t"))
        .input(raw).transform(dev.dataproduct.Transforms.identity()).output(out)
        .telemetry(dp.telemetry()).build();
  }

  @Test
  void files_readDirectly_handMalformedRecordsToTheContext_andReadOn() {
    put("feed/1.csv", "order_id,country,amount\n1,DE,1.00\n2,FR\n3,IT,3.00\n");
    InputPort feed = S3InputPort.files("feed").client(S3.client()).bucket(bucket)
        .prefix("feed/").format(Formats.csv()).schema(EXPECTED)
        .onMalformed(Action.QUARANTINE).build();
    dev.dataproduct.testing.TestReadContext context = S3Fixtures.readContext(10);

    List<Row> rows = S3Fixtures.drain(feed.read(context));

    assertThat(rows).extracting(r -> r.getLong("order_id")).containsExactly(1L, 3L);
    assertThat(context.quarantined()).containsExactly(new dev.dataproduct.testing
        .TestReadContext.Quarantined("s3://" + bucket + "/feed/1.csv line 3: 2 fields, but the"
            + " header has 3", "2,FR"));
    assertThat(context.attributes()).containsEntry("aws.s3.bucket", bucket);
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "jsonl"})
  void files_onMalformedQuarantine_quarantinesTheRecordWithItsText_andIngestsTheRest(
      String format) {
    if (format.equals("csv")) {
      put("feed/1.csv", "order_id,country,amount\n1,DE,1.00\n2,FR,\"2.00\"x,hunter2\n"
          + "3,IT\n4,ES,4.00\n");
    } else {
      put("feed/1.jsonl", "{\"order_id\":1,\"country\":\"DE\",\"amount\":1.00}\n"
          + "{\"order_id\":2,\"country\":\"FR\",\"amount\":2.00,\"pin\":\"hunter2\" oops}\n"
          + "[3,\"IT\"]\n{\"order_id\":4,\"country\":\"ES\",\"amount\":4.00}\n");
    }
    int firstBad = format.equals("csv") ? 3 : 2; // CSV has a header line
    InputPort feed = S3InputPort.files("feed").client(S3.client()).bucket(bucket)
        .prefix("feed/").format(Formats.byName(format).orElseThrow()).schema(EXPECTED)
        .onMalformed(Action.QUARANTINE).build();
    OutputPort out = cleanOutput();

    RunResult run = dp.run(ingest(feed, out));

    assertThat(run).succeeded().wrote("clean", 2).accountingBalanced();
    assertThat(run.input("feed").read()).isEqualTo(4);
    assertThat(run.quarantined("feed", Quarantine.MALFORMED_RULE_ID)).isEqualTo(2);
    assertThat(readAll(out, ReadOptions.latest())).extracting(r -> r.getLong("order_id"))
        .containsExactly(1L, 4L);
    List<Row> rejected = S3Fixtures.drain(PortStorage.quarantine(out).read(PortStorage.quarantine(out).latest()
        .orElseThrow(), Quarantine.SCHEMA, 10));
    assertThat(rejected).extracting(r -> r.getString(Quarantine.RULE_ID))
        .containsOnly(Quarantine.MALFORMED_RULE_ID);
    assertThat(rejected).extracting(r -> r.getString(Quarantine.REASON))
        .allSatisfy(reason -> assertThat(reason).startsWith("s3://" + bucket + "/feed/1."
            + format + " line ").doesNotContain("hunter2"))
        .anySatisfy(reason -> assertThat(reason).containsAnyOf(" line " + firstBad + ":",
            " line " + firstBad + ","))
        .anySatisfy(reason -> assertThat(reason).containsAnyOf(" line " + (firstBad + 1) + ":",
            " line " + (firstBad + 1) + ","));
    // the text is kept in the quarantine, where nothing is lost
    assertThat(rejected.get(0).getString(Quarantine.RECORD)).startsWith("{\"raw\":\"")
        .contains("hunter2");
    assertThat(dp.spans()).allSatisfy(span -> assertThat(span.getAttributes().toString()
        + span.getEvents()).doesNotContain("hunter2"));
  }

  @Test
  void files_byDefault_failOnAMalformedRecord_namingFileAndLine() {
    put("feed/1.csv", "order_id,country,amount\n1,DE,1.00\n2,FR\n");
    InputPort feed = S3InputPort.files("feed").client(S3.client()).bucket(bucket)
        .prefix("feed/").format(Formats.csv()).schema(EXPECTED).build();

    dev.dataproduct.spi.BatchReader reader = feed.read(S3Fixtures.readContext(10));

    assertThatThrownBy(reader::next).isInstanceOf(DataProductException.class)
        .hasMessageContaining("s3://" + bucket + "/feed/1.csv line 3: 2 fields, but the header"
            + " has 3");
    assertThat(feed.toString()).contains("malformed records: FAIL");
    assertThatThrownBy(() -> S3InputPort.files("feed").onMalformed(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("action");
  }

  @Test
  void files_underEmptyPrefix_yieldNoRows() {
    InputPort raw = S3InputPort.files("orders").client(S3.client()).bucket(bucket)
        .prefix("nothing/here/").schema(EXPECTED).build();
    assertThat(S3Fixtures.drain(raw.read(readContext()))).isEmpty();
    assertThat(raw.type()).isEqualTo("s3");
  }

  @Test
  void files_suffixFilter_selectsKeys() {
    put("drop/a.data", "{\"order_id\":1,\"country\":\"DE\",\"amount\":1.00}\n");
    put("drop/b.jsonl", "{\"order_id\":2,\"country\":\"DE\",\"amount\":1.00}\n");
    InputPort raw = S3InputPort.files("orders").client(S3.client()).bucket(bucket)
        .prefix("drop/").suffix(".data").schema(EXPECTED).build();
    assertThat(S3Fixtures.drain(raw.read(readContext()))).extracting(r -> r.getLong("order_id"))
        .containsExactly(1L);
  }

  /** A read context for driving an input port directly. */
  private static dev.dataproduct.spi.ReadContext readContext() {
    return S3Fixtures.readContext(100);
  }

}
