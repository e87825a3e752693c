package dev.dataproduct.jdbc;

/** The input kit on real PostgreSQL. */
class PostgresInputPortContractTest extends JdbcInputPortKit {
  @Override
  Target target() {
    return Target.POSTGRES;
  }

  @Override
  String ddl(String name) {
    return "CREATE TABLE " + name + " (id bigint PRIMARY KEY, kind varchar(10) NOT NULL,"
        + " amount numeric(12,2), happened_at timestamptz)";
  }
}
