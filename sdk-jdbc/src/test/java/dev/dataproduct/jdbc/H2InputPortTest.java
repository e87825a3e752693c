package dev.dataproduct.jdbc;

/** {@link InputPortBehaviour} on H2. */
class H2InputPortTest extends InputPortBehaviour {
  @Override
  Target target() {
    return Target.H2;
  }

  @Override
  String eventsDdl() {
    return "CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(10) NOT NULL,"
        + " amount NUMERIC(12,2), happened_at TIMESTAMP WITH TIME ZONE, note VARCHAR(100))";
  }
}
