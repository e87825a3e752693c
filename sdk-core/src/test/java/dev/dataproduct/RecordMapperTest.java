package dev.dataproduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  record Order(long orderId, int quantity, String country, BigDecimal amount, LocalDate day,
      Instant at, UUID ref, Boolean paid) {}

  @Test
  void toRowAndBack_roundTripsWithCanonicalValues() {
    RecordMapper<Order> m = RecordMapper.of(Order.class);
    Order o = new Order(7, 3, "DE", new BigDecimal("9.90"), LocalDate.of(2026, 1, 2),
        Instant.parse("2026-01-02T03:04:05Z"), UUID.fromString(
            "123e4567-e89b-12d3-a456-426614174000"), null);
    Row r = m.toRow(o);
    assertThat(r.get("quantity")).isEqualTo(3L);
    assertThat(r.get("ref")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(m.fromRow(r)).isEqualTo(o);
  }

  @Test
  void fromRow_byName_fromAnotherSchema() {
    RecordMapper<Order> m = RecordMapper.of(Order.class);
    Schema other = m.schema().without("paid");
    Row r = Row.fromMap(other, java.util.Map.of("order_id", 1L, "quantity", 2L, "country", "FR",
        "amount", BigDecimal.ONE, "day", LocalDate.EPOCH, "at", Instant.EPOCH, "ref",
        UUID.randomUUID().toString()));
    assertThatThrownBy(() -> m.fromRow(r)).hasMessageContaining("No field 'paid'");
  }

  @Test
  void fromRow_nullIntoPrimitive_namesTheField() {
    RecordMapper<Order> m = RecordMapper.of(Order.class);
    Row r = Row.of(m.schema(), null, 1L, "DE", null, null, null, null, null);
    assertThatThrownBy(() -> m.fromRow(r)).isInstanceOf(DataProductException.class)
        .hasMessageContaining("'order_id' is null");
  }
}
