package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.PortStorage;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Builder validation: nothing here touches a database. */
class JdbcOutputPortBuilderTest {
  private final DataSource ds = new JdbcDataSource();

  private static DataContract contract(Field... fields) {
    return DataContract.builder("c").schema(Schema.of(fields)).build();
  }

  @Test
  void build_withoutDataSourceOrTable_namesWhatIsMissing() {
    DataContract c = contract(Field.required("id", FieldType.INTEGER));
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").table("t").contract(c).build())
        .hasMessage("Output port 'p' has no data source; call dataSource(...)");
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).contract(c).build())
        .hasMessage("Output port 'p' has no table; call table(\"schema.table\")");
  }

  @Test
  void build_withInjectedTableOrColumnNames_isRejected() {
    DataContract ok = contract(Field.required("id", FieldType.INTEGER));
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds)
        .table("t; DROP TABLE users").contract(ok).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid table name");
    DataContract quoted = contract(Field.required("id\"); DROP TABLE users; --",
        FieldType.INTEGER));
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .contract(quoted).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Output port 'p': Invalid column name");
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .quarantineTable("q t").contract(ok).build())
        .hasMessageContaining("Invalid quarantine table name 'q t'");
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .mode(WriteMode.UPSERT).keyColumns("id;").contract(ok).build())
        .hasMessageContaining("Invalid key column name 'id;'");
  }

  @Test
  void build_upsertWithoutKey_asksForOne() {
    DataContract c = contract(Field.required("id", FieldType.INTEGER));
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .mode(WriteMode.UPSERT).contract(c).build())
        .hasMessageContaining("upserts but has no key");
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .mode(WriteMode.UPSERT).keyColumns("nope").contract(c).build())
        .hasMessageContaining("key column 'nope' is not a field of the contract");
  }

  @Test
  void build_fieldsDifferingOnlyInCase_orReservedName_areRejected() {
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .contract(contract(Field.required("Id", FieldType.INTEGER),
            Field.required("id", FieldType.INTEGER))).build())
        .hasMessageContaining("fields 'Id' and 'id' differ only in case");
    assertThatThrownBy(() -> JdbcOutputPort.builder("p").dataSource(ds).table("t")
        .contract(contract(Field.required("dataproduct_publication_id", FieldType.INTEGER)))
        .build())
        .hasMessageContaining("is reserved");
  }

  @Test
  void build_valid_givesJdbcPortWithQuarantineStore() {
    OutputPort p = JdbcOutputPort.builder("p").dataSource(ds).table("sales.t")
        .contract(contract(Field.required("id", FieldType.INTEGER))).build();

    assertThat(p.type()).isEqualTo("jdbc");
    assertThat(PortStorage.quarantine(p)).isNotSameAs(PortStorage.store(p));
    assertThat(PortStorage.quarantine(p).type()).isEqualTo("jdbc");
    assertThat(PortStorage.quarantine(p).toString()).contains("sales.t_quarantine");
  }
}
