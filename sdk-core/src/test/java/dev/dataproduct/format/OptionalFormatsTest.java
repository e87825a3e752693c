package dev.dataproduct.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Formats of optional modules (absent from sdk-core's own tests) and the nested JSON text. */
class OptionalFormatsTest {

  @Test
  void parquet_withoutSdkParquetOnTheClassPath_failsNamingTheModuleToAdd() {
    assertThatThrownBy(Formats::parquet)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.dataproduct:sdk-parquet");
    assertThat(Formats.byName("parquet")).isEmpty();
    assertThat(Formats.byName("csv")).contains(Formats.csv());
  }

  @Test
  void nestedJson_roundTripsExactly() {
    Map<String, Object> value = Map.of("n", 42L, "big", new BigInteger("123456789012345678901234"),
        "d", 2.5, "exact", new BigDecimal("3.14159265358979323846"), "list",
        List.of("a", true, Map.of()));

    String json = NestedJson.write(value);

    assertThat(NestedJson.read(json)).isEqualTo(value);
    assertThat(json).doesNotContain("E+").contains("3.14159265358979323846");
  }

  @Test
  void nestedJson_read_ofInvalidText_failsWithoutQuotingIt() {
    assertThatThrownBy(() -> NestedJson.read("{\"secret\": tru"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret")
        .hasNoCause();
    assertThatThrownBy(() -> NestedJson.read("{} {\"secret\":1}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> NestedJson.read(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
