package dev.dataproduct.jdbc;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The adapter test kit on H2: APPEND tables created from the contract. */
class H2PublicationStoreContractTest extends PublicationStoreContract {
  private final AtomicInteger tables = new AtomicInteger();
  private final Map<String, String> tableOf = new HashMap<>();
  private DataSource ds;

  @BeforeEach
  void freshDatabase() {
    ds = Target.H2.fresh();
  }

  @AfterEach
  void dropDatabase() {
    Target.H2.drop(ds);
  }

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    tableOf.put(portName, "kit_" + tables.incrementAndGet());
    return samePort(portName).contract(contract);
  }

  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return JdbcOutputPort.builder(portName).dataSource(ds).table(tableOf.get(portName))
        .createTableIfMissing();
  }

  @Override
  protected String expectedType() {
    return "jdbc";
  }
}
