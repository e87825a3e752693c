package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ValueDomain;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ValueRoundTrip}'s harness fails a store that changes a value silently, and hands the
 * adapter's test the reasons of what its store quarantined.
 */
class ValueRoundTripHarnessTest {
  @RegisterExtension
  final DataProductExtension dp = DataProductExtension.create();

  /** Reads back every row changed by {@code change}: a store that silently alters values. */
  private static final class Altering extends ForwardingPublicationStore {
    private final UnaryOperator<Row> change;

    Altering(InMemoryPublicationStore delegate, UnaryOperator<Row> change) {
      super(delegate);
      this.change = change;
    }

    @Override
    public BatchReader read(Publication publication, Schema schema, int batchSize) {
      BatchReader in = delegate().read(publication, schema, batchSize);
      return new BatchReader() {
        @Override
        public Schema schema() {
          return in.schema();
        }

        @Override
        public List<Row> next() {
          List<Row> out = new ArrayList<>();
          for (Row r : in.next()) {
            out.add(change.apply(r));
          }
          return out;
        }

        @Override
        public void close() {
          in.close();
        }
      };
    }
  }

  /** Reads back every text value of field {@code s} with a character less. */
  private static Altering truncating() {
    return new Altering(InMemoryPublicationStore.create(), r -> {
      String s = r.getString("s");
      return s == null || s.isEmpty() ? r : r.with("s", s.substring(1));
    });
  }

  /**
   * Reads back every timestamp of field {@code t} rounded half up to the microsecond, as
   * PostgreSQL and H2 would store it without declaring their precision.
   */
  private static Altering roundingToMicros() {
    return new Altering(InMemoryPublicationStore.create(), r -> {
      Instant t = r.getTimestamp("t");
      return t == null ? r : r.with("t", t.plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    });
  }

  /** Keeps dates up to 9999-12-31 only. */
  private static final class ShortCalendar extends ForwardingPublicationStore {
    ShortCalendar(InMemoryPublicationStore delegate) {
      super(delegate);
    }

    @Override
    public ValueDomain valueDomain() {
      return ValueDomain.builder("ShortDB")
          .dates(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)).build();
    }
  }

  private static OutputPort port(ForwardingPublicationStore store) {
    return OutputPort.builder("values", store).contract(ValueRoundTrip.contract()).build();
  }

  @Test
  void check_storeChangingAValueSilently_fails_namingRowAndField() {
    OutputPort port = port(truncating());

    assertThatThrownBy(() -> ValueRoundTrip.check(dp, port,
        List.of(ValueRoundTrip.row(1, "s", "kept"), ValueRoundTrip.row(2, "i", 7L))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("row 1 field 's': sent String(kept), read back String(ept)");
  }

  @Test
  void check_withRandomRows_storeChangingAValueSilently_fails() {
    OutputPort port = port(truncating());

    assertThatThrownBy(() -> ValueRoundTrip.check(dp, port, 5L, 20))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("field 's': sent String(");
  }

  @Test
  void check_storeRoundingTimestampsToTheMicrosecond_fails_namingRowAndField() {
    OutputPort port = port(roundingToMicros());

    // no rounding convention: a store keeping microseconds declares timestampPrecision(MICROS)
    assertThatThrownBy(() -> ValueRoundTrip.check(dp, port, List.of(
        ValueRoundTrip.row(1, "t", Instant.parse("2026-12-02T10:15:30.123456Z")),
        ValueRoundTrip.row(2, "t", Instant.parse("1999-12-31T23:59:59.999999999Z")))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("row 2 field 't': sent Instant(1999-12-31T23:59:59.999999999Z),"
            + " read back Instant(2000-01-01T00:00:00Z)")
        .hasMessageNotContaining("row 1 ");
  }

  @Test
  void same_timestamps_compareExactly() {
    Instant t = Instant.parse("1999-12-31T23:59:59.999999999Z");

    assertThat(ValueRoundTrip.same(FieldType.TIMESTAMP, t, t)).isTrue();
    assertThat(ValueRoundTrip.same(FieldType.TIMESTAMP, t, t.plusNanos(1))).isFalse();
    assertThat(ValueRoundTrip.same(FieldType.TIMESTAMP, t, t.truncatedTo(ChronoUnit.MICROS)))
        .isFalse();
    assertThat(RandomValues.edges(FieldType.TIMESTAMP)).contains(t);
  }

  @Test
  void check_unstorableValue_isQuarantined_andQuarantineReasonsNameIt() {
    OutputPort port = port(new ShortCalendar(InMemoryPublicationStore.create()));

    RunResult run = ValueRoundTrip.check(dp, port, List.of(
        ValueRoundTrip.row(1, "d", LocalDate.of(2026, 12, 2)),
        ValueRoundTrip.row(2, "d", LocalDate.MAX)));

    assertThat(run.output("values").written()).isEqualTo(1);
    assertThat(ValueRoundTrip.quarantineReasons(port, run)).containsExactly(
        "field 'd' holds a date after 9999-12-31, the latest ShortDB stores");
  }

  @Test
  void row_setsOneValue_andRefusesAFieldTheSchemaLacks() {
    Row row = ValueRoundTrip.row(3, "b", true);

    assertThat(row.get("id")).isEqualTo(3L);
    assertThat(row.get("b")).isEqualTo(true);
    assertThat(row.get("s")).isNull();
    assertThatThrownBy(() -> ValueRoundTrip.row(4, "amount", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no value field 'amount'");
    assertThatThrownBy(() -> ValueRoundTrip.row(4, "id", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
