package dev.dataproduct.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.StorageException;
import dev.dataproduct.VendorException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void storage_dataException_keepsStateButNotTheDriversMessage() {
    SQLException e = new SQLException("invalid input syntax for type uuid: \"secret-value\"",
        "22P02");

    StorageException s = Sql.storage("Output port 'p' (table t): writing failed", e);

    assertThat(s.vendorCode()).isEqualTo("22P02");
    assertThat(s.getCause()).isInstanceOf(VendorException.class)
        .hasMessageNotContaining("secret-value");
    assertThat(((VendorException) s.getCause()).vendorClass()).isEqualTo(
        SQLException.class.getName());
    assertThat(((VendorException) s.getCause()).detail("sqlState")).contains("22P02");
    assertThat(s.getMessage()).startsWith("Output port 'p' (table t): writing failed: ")
        .contains("data exception").endsWith("[22P02]").doesNotContain("secret-value");
  }

  @Test
  void storage_integrityViolation_omitsTheDetailWithTheKey() {
    SQLException e = new SQLException("duplicate key value violates unique constraint \"t_pkey\""
        + "\n  Detail: Key (email)=(ana@example.com) already exists.", "23505");

    StorageException s = Sql.storage("writing failed", e);

    assertThat(s.getMessage()).contains("integrity constraint violation")
        .doesNotContain("ana@example.com");
  }

  @Test
  void storage_connectionFailure_keepsFirstLineOfTheDriversMessage() {
    SQLException e = new SQLException("terminating connection due to administrator command\n"
        + "  Where: COPY t, line 12", "57P01");

    StorageException s = Sql.storage("writing failed", e);

    assertThat(s.getMessage()).isEqualTo(
        "writing failed: terminating connection due to administrator command [57P01]");
  }

  @Test
  void storage_batchFailure_reportsTheServerErrorBehindIt() {
    BatchUpdateException batch = new BatchUpdateException(
        "Batch entry 0 INSERT INTO t VALUES ('secret') was aborted", "23502", new int[0]);
    batch.setNextException(new SQLException("null value in column \"x\"", "23502"));

    StorageException s = Sql.storage("writing failed", batch);

    assertThat(s.vendorCode()).isEqualTo("23502");
    assertThat(s.getMessage()).doesNotContain("secret").doesNotContain("INSERT INTO");
  }

  @Test
  void storage_unknownState_saysSoWithoutTheMessage() {
    StorageException s = Sql.storage("x", new SQLException("anything 'v'", (String) null));

    assertThat(s.vendorCode()).isNull();
    assertThat(s.getMessage()).contains("SQL state null").doesNotContain("'v'");
  }
}
