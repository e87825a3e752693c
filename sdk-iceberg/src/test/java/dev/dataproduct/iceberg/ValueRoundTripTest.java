package dev.dataproduct.iceberg;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.ValueRoundTrip;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value written through an Iceberg port reads back exactly or its row is quarantined with a
 * reason naming the field: a timestamp with a fraction of a microsecond, a date beyond 32-bit
 * days, a decimal no double holds in a NUMBER without a declared decimal never fails the
 * publication and is never rounded.
 */
class ValueRoundTripTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  @BeforeAll
  static void startCatalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  private static OutputPort port() {
    return IcebergOutputPort.builder("values").catalog(catalog)
        .table(TableIdentifier.of("values", "t" + TABLES.incrementAndGet()))
        .contract(ValueRoundTrip.contract()).build();
  }

  @Test
  void everyValue_readsBackExactlyOrIsQuarantined() {
    RunResult run = ValueRoundTrip.check(dp, port(), 12_000L, 300);

    assertThat(run).succeeded();
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isPositive();
  }

  @Test
  void oneUnstorableValuePerRow_quarantinesThoseRows_namingTheField_andPublishesTheRest() {
    OutputPort port = port();
    List<Row> rows = List.of(
        ValueRoundTrip.row(1, "t", Instant.parse("2026-12-02T10:15:30.123456Z")),
        ValueRoundTrip.row(2, "t", Instant.parse("2026-12-02T10:15:30.123456789Z")),
        ValueRoundTrip.row(3, "n", new BigDecimal("9007199254740993")),
        ValueRoundTrip.row(4, "n", new BigDecimal("0.1")),
        ValueRoundTrip.row(5, "d", LocalDate.MIN),
        ValueRoundTrip.row(6, "o", java.util.Map.of("big", new BigDecimal("1e-2000"))));

    RunResult run = ValueRoundTrip.check(dp, port, rows);

    assertThat(run).succeeded();
    assertThat(run.output("values").written()).isEqualTo(2);
    assertThat(run.quarantined("values", Quarantine.REPRESENTABLE_RULE_ID)).isEqualTo(4);
    assertThat(ValueRoundTrip.quarantineReasons(port, run))
        .containsExactlyInAnyOrder(
            "field 't' holds a timestamp with a fraction of a microsecond; Iceberg keeps"
                + " microseconds (truncate it in the transform:"
                + " Instant.truncatedTo(ChronoUnit.MICROS))",
            "field 'n' holds a decimal that no double holds exactly; Iceberg stores a NUMBER"
                + " without a declared decimal(p, s) as a double: declare withDecimal(p, s) on"
                + " the field",
            "field 'd' holds a date before -5877641-06-23, the earliest Iceberg stores",
            "field 'o' holds inside it a decimal of 2002 characters in plain notation; Iceberg"
                + " reads at most 999");
  }

  @Test
  void decimalOfMoreThan38Digits_isRefusedWhenThePortIsBuilt() {
    Schema wide = Schema.of(Field.required("id", FieldType.INTEGER),
        Field.optional("amount", FieldType.NUMBER).withDecimal(40, 2));

    assertThatThrownBy(() -> IcebergOutputPort.builder("wide").catalog(catalog)
        .table(TableIdentifier.of("values", "wide"))
        .contract(DataContract.builder("wide").version("1.0.0").schema(wide).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Output port 'wide': field 'amount' is decimal(40, 2); an Iceberg decimal"
            + " holds at most 38 digits: declare withDecimal(p, s) with p <= 38");
  }
}
