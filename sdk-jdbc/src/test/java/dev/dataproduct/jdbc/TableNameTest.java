package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableNameTest {

  @Test
  void parse_plainAndQualifiedNames_splitsSchemaAndTable() {
    assertThat(TableName.parse("orders", "table")).isEqualTo(new TableName(null, "orders"));
    assertThat(TableName.parse("sales.Daily_Revenue_2", "table"))
        .isEqualTo(new TableName("sales", "Daily_Revenue_2"));
    assertThat(TableName.parse("_x", "table").toString()).isEqualTo("_x");
  }

  @Test
  void parse_injectionAttempts_areRejectedNamingTheInput() {
    for (String bad : List.of("orders; DROP TABLE orders", "orders\"", "\"orders\"", "or ders",
        "orders--", "orders/*", ".orders", "orders.", "1orders", "orders'", "o`rders",
        "x".repeat(64), "", "sales.")) {
      assertThatThrownBy(() -> TableName.parse(bad, "table"), bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Invalid table name '")
          .hasMessageContaining("quotes, semicolons, spaces and other characters are rejected");
    }
  }

  @Test
  void parse_threeParts_asksForSchemaDotTable() {
    assertThatThrownBy(() -> TableName.parse("a.b.c", "table"))
        .hasMessage("Invalid table name 'a.b.c': use table or schema.table");
  }

  @Test
  void parse_controlCharacters_areNotEchoed() {
    assertThatThrownBy(() -> TableName.parse("ord\u0000ers\n", "table"))
        .hasMessageContaining("ord?ers?");
  }

  @Test
  void checkIdentifier_columnWithQuote_isRejected() {
    assertThatThrownBy(() -> TableName.checkIdentifier("amount\" FROM x", "column"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid column name 'amount\" FROM x'");
    assertThat(TableName.checkIdentifier("amount_eur", "column")).isEqualTo("amount_eur");
  }
}
