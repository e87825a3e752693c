package dev.dataproduct.jdbc;

/** The input kit on H2. */
class H2InputPortContractTest extends JdbcInputPortKit {
  @Override
  Target target() {
    return Target.H2;
  }

  @Override
  String ddl(String name) {
    return "CREATE TABLE " + name + " (id BIGINT PRIMARY KEY, kind VARCHAR(10) NOT NULL,"
        + " amount NUMERIC(12,2), happened_at TIMESTAMP WITH TIME ZONE)";
  }
}
