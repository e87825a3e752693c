package dev.dataproduct.jdbc;

/** {@link InputPortBehaviour} on real PostgreSQL. */
class PostgresInputPortTest extends InputPortBehaviour {
  @Override
  Target target() {
    return Target.POSTGRES;
  }

  @Override
  String eventsDdl() {
    return "CREATE TABLE events (id bigint PRIMARY KEY, kind varchar(10) NOT NULL,"
        + " amount numeric(12,2), happened_at timestamptz, note text)";
  }
}
