package dev.dataproduct.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedPostgresExtensionTest {
  @RegisterExtension static EmbeddedPostgresExtension pg = EmbeddedPostgresExtension.create();

  @Test
  void dataSource_isAnEmptySchemaOfARealPostgres() throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id bigint PRIMARY KEY, tags text[])");
      st.execute("INSERT INTO t VALUES (1, ARRAY['a','b']) ON CONFLICT (id) DO NOTHING");
      try (ResultSet rs = st.executeQuery("SELECT current_schema(), version(),"
          + " (SELECT count(*) FROM t)")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("s");
        assertThat(rs.getString(2)).startsWith("PostgreSQL");
        assertThat(rs.getLong(3)).isEqualTo(1);
      }
    }
  }

  @Test
  void newSchema_isolatesTablesAndDropSchemaRemovesThem() throws SQLException {
    DataSource a = pg.server().newSchema();
    DataSource b = pg.server().newSchema();
    try {
      exec(a, "CREATE TABLE only_in_a (x int)");
      assertThatThrownBy(() -> exec(b, "SELECT * FROM only_in_a"))
          .isInstanceOf(SQLException.class);
    } finally {
      pg.server().dropSchema(a);
      pg.server().dropSchema(b);
    }
    assertThatThrownBy(() -> exec(a, "SELECT * FROM only_in_a")).isInstanceOf(SQLException.class);
  }

  @Test
  void dropSchema_ofAnotherDataSource_isRefused() {
    assertThatThrownBy(() -> pg.server().dropSchema(pg.server().dataSource()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newSchema()");
  }

  @Test
  void fromEnvironment_withAnExternalUrl_usesItWithoutStartingAServer() {
    EmbeddedPostgresServer external = EmbeddedPostgresServer.fromEnvironment(Map.of(
        EmbeddedPostgresServer.URL_ENV, "jdbc:postgresql://db.example:5432/app?password=secret"));
    assertThat(external.embedded()).isFalse();
    assertThat(external.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/app?password=secret");
    assertThat(external.toString()).doesNotContain("secret");
    external.close();   // leaves the external server alone
    assertThat(pg.server().embedded()).isEqualTo(System.getenv(EmbeddedPostgresServer.URL_ENV) == null);
  }

  private static void exec(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
