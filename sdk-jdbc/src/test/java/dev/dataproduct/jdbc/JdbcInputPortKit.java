package dev.dataproduct.jdbc;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.testing.InputPortContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The input kit over a table the test fills with plain JDBC; subclasses pick the database. */
abstract class JdbcInputPortKit extends InputPortContract {
  private final AtomicInteger tables = new AtomicInteger();
  DataSource ds;

  abstract Target target();

  /** DDL of table {@code name} with the kit's EVENTS columns. */
  abstract String ddl(String name);

  @BeforeEach
  void freshDatabase() {
    ds = target().fresh();
  }

  @AfterEach
  void dropDatabase() {
    target().drop(ds);
  }

  @Override
  protected InputPort newInput(String name, Schema schema, List<Row> rows) {
    String table = "events_" + tables.incrementAndGet();
    Db.execute(ds, ddl(table));
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
            + " (id, kind, amount, happened_at) VALUES (?, ?, ?, ?)")) {
      for (Row r : rows) {
        ps.setLong(1, r.getLong("id"));
        ps.setString(2, r.getString("kind"));
        ps.setBigDecimal(3, (java.math.BigDecimal) r.get("amount"));
        Instant at = (Instant) r.get("happened_at");
        if (at == null) {
          ps.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          ps.setObject(4, at.atOffset(java.time.ZoneOffset.UTC));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return JdbcInputPort.builder(name, ds).table(table).schema(schema).build();
  }

  @Override
  protected String expectedType() {
    return "jdbc";
  }
}
