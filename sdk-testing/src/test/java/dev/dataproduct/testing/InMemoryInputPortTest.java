package dev.dataproduct.testing;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import java.util.List;

/** The in-memory input port passes the input port kit. */
class InMemoryInputPortTest extends InputPortContract {

  @Override
  protected InputPort newInput(String name, Schema schema, List<Row> rows) {
    return InMemoryInputPort.of(name, schema, rows);
  }

  @Override
  protected String expectedType() {
    return "memory";
  }
}
