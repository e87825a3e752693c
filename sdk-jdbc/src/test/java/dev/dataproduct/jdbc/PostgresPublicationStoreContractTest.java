package dev.dataproduct.jdbc;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The adapter test kit on real PostgreSQL: APPEND tables created from the contract. */
class PostgresPublicationStoreContractTest extends PublicationStoreContract {
  private final AtomicInteger tables = new AtomicInteger();
  private DataSource ds;

  @BeforeEach
  void freshSchema() {
    ds = Target.POSTGRES.fresh();
  }

  @AfterEach
  void dropSchema() {
    Target.POSTGRES.drop(ds);
  }

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return JdbcOutputPort.builder(portName).dataSource(ds).table("kit_" + tables.incrementAndGet())
        .createTableIfMissing().contract(contract);
  }

  @Override
  protected String expectedType() {
    return "jdbc";
  }
}
